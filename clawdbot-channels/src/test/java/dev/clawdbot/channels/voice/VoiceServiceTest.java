package dev.clawdbot.channels.voice;

import dev.clawdbot.channels.VoiceConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoiceServiceTest {
    @AutoClose
    FakeSpeechServer speech;

    @BeforeEach
    void setUp() throws Exception {
        speech = new FakeSpeechServer();
    }

    @Test
    void longTextIsSplitAtSentencesWithinTheLimit() {
        String text = "First sentence is here. " + "Second one, a bit longer than the first. ".repeat(10) + "Last!";
        List<String> chunks = VoiceService.chunks(text, 120);
        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(120));
        assertThat(chunks).allSatisfy(c -> assertThat(c).matches("(?s).*[.!]$"));
        assertThat(String.join(" ", chunks)).isEqualTo(text.strip().replaceAll("\\s+", " "));
        assertThat(VoiceService.chunks("x".repeat(250), 100)).hasSize(3);
    }

    @Test
    void openAiSpeechSpeaksTheWireFormatAndFailuresNameNoKey() {
        VoiceConfig vc = VoiceConfig.builder().transcriptionBaseUrl(speech.baseUrl()).transcriptionApiKey(FakeSpeechServer.KEY)
                .transcriptionModel("whisper-1").ttsEngine(VoiceConfig.TtsEngine.OPENAI).ttsBaseUrl(speech.baseUrl())
                .ttsApiKey(FakeSpeechServer.KEY).ttsVoice("nova").maxChunkChars(100).build();
        VoiceService vs = new VoiceService(vc);
        List<byte[]> notes = vs.speakOgg("Short one. " + "Another sentence follows here. ".repeat(5));
        assertThat(notes).hasSizeGreaterThan(1).allSatisfy(ogg -> assertThat(new String(ogg, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OggS"));
        var req = speech.requests.get(0);
        assertThat(req.path()).isEqualTo("/audio/speech");
        assertThat(req.auth()).isEqualTo("Bearer " + FakeSpeechServer.KEY);
        assertThat(req.bodyText()).contains("\"model\":\"tts-1\"").contains("\"voice\":\"nova\"").contains("\"response_format\":\"opus\"");
        VoiceService wrongKey = new VoiceService(VoiceConfig.builder().transcriptionBaseUrl(speech.baseUrl())
                .transcriptionApiKey("bad-key-zzz").build());
        assertThatThrownBy(() -> wrongKey.transcribe(new byte[]{1}, "v.ogg")).isInstanceOf(VoiceException.class)
                .hasMessageContaining("HTTP 401").hasMessageNotContaining("bad-key-zzz");
    }

    @Test
    void brokenAudioIsAClearError() {
        VoiceService vs = new VoiceService(VoiceConfig.defaults());
        assertThatThrownBy(() -> vs.toOggOpus("not audio at all".getBytes())).isInstanceOf(VoiceException.class).hasMessageContaining("ffmpeg exited");
        VoiceService noFfmpeg = new VoiceService(VoiceConfig.builder().ffmpegPath("/nonexistent/ffmpeg").build());
        assertThatThrownBy(() -> noFfmpeg.toOggOpus(FakeSpeechServer.wav(0.1))).hasMessageContaining("could not be started");
    }
}
