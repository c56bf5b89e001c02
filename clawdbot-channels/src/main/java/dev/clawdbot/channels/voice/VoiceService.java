package dev.clawdbot.channels.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.channels.VoiceConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Speech in (OpenAI-compatible {@code /audio/transcriptions}, multipart) and out (ElevenLabs
 * {@code /v1/text-to-speech/{voice_id}}, OpenAI-compatible {@code /audio/speech}, or espeak-ng), with
 * every reply converted to OGG/Opus by ffmpeg, as sendVoice wants it.
 */
public final class VoiceService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VoiceConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();

    public VoiceService(VoiceConfig config) {
        this.config = config;
    }

    public VoiceConfig config() {
        return config;
    }

    public boolean canTranscribe() {
        return config.transcriptionBaseUrl() != null;
    }

    /** The transcript of one voice note. */
    public String transcribe(byte[] audio, String filename) {
        if (!canTranscribe()) throw new VoiceException("transcription is not configured (voice.transcriptionBaseUrl)");
        String boundary = "clawdbot-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "model", config.transcriptionModel());
        part(body, boundary, "response_format", "json");
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: audio/ogg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(audio);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(config.transcriptionBaseUrl() + "/audio/transcriptions"))
                .timeout(config.timeout()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (config.transcriptionApiKey() != null) rb.header("Authorization", "Bearer " + config.transcriptionApiKey());
        byte[] answer = send(rb.build(), "transcription");
        try {
            JsonNode n = JSON.readTree(answer);
            if (n == null || !n.hasNonNull("text")) throw new VoiceException("transcription answer has no 'text' field");
            return n.get("text").asText().strip();
        } catch (IOException e) {
            throw new VoiceException("transcription answer is not JSON");
        }
    }

    /** OGG/Opus voice notes for {@code text}, one per chunk of at most {@code maxChunkChars}, split at sentences. */
    public List<byte[]> speakOgg(String text) {
        List<byte[]> out = new ArrayList<>();
        for (String chunk : chunks(text, config.maxChunkChars())) out.add(toOggOpus(synthesize(chunk)));
        return out;
    }

    byte[] synthesize(String text) {
        return switch (config.ttsEngine()) {
            case ELEVENLABS -> {
                ObjectNode b = JSON.createObjectNode().put("text", text).put("model_id", config.ttsModel());
                HttpRequest req = HttpRequest.newBuilder(URI.create(config.ttsBaseUrl() + "/v1/text-to-speech/"
                                + URLEncoder.encode(config.ttsVoice(), StandardCharsets.UTF_8) + "?output_format=mp3_44100_128"))
                        .timeout(config.timeout()).header("xi-api-key", config.ttsApiKey()).header("Content-Type", "application/json")
                        .header("Accept", "audio/mpeg").POST(HttpRequest.BodyPublishers.ofString(b.toString())).build();
                yield send(req, "ElevenLabs text-to-speech");
            }
            case OPENAI -> {
                ObjectNode b = JSON.createObjectNode().put("model", config.ttsModel()).put("input", text)
                        .put("voice", config.ttsVoice()).put("response_format", "opus");
                HttpRequest req = HttpRequest.newBuilder(URI.create(config.ttsBaseUrl() + "/audio/speech"))
                        .timeout(config.timeout()).header("Authorization", "Bearer " + config.ttsApiKey())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b.toString())).build();
                yield send(req, "speech synthesis");
            }
            case ESPEAK -> espeak(text);
        };
    }

    private byte[] espeak(String text) {
        Path wav = null;
        try {
            wav = Files.createTempFile("clawdbot-tts", ".wav");
            // Text goes through stdin, never argv, so that it cannot be read as an option.
            run(List.of(config.espeakPath(), "-v", config.ttsVoice(), "-w", wav.toString(), "--stdin"), text.getBytes(StandardCharsets.UTF_8), "espeak-ng");
            return Files.readAllBytes(wav);
        } catch (IOException e) {
            throw new VoiceException("espeak-ng failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(wav);
        }
    }

    /** Converts any audio ffmpeg reads into mono 48 kHz OGG/Opus. */
    public byte[] toOggOpus(byte[] audio) {
        Path in = null, out = null;
        try {
            in = Files.createTempFile("clawdbot-voice-in", ".bin");
            out = Files.createTempFile("clawdbot-voice-out", ".ogg");
            Files.write(in, audio);
            run(List.of(config.ffmpegPath(), "-hide_banner", "-loglevel", "error", "-y", "-i", in.toString(),
                    "-vn", "-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "32k", "-f", "ogg", out.toString()), new byte[0], "ffmpeg");
            byte[] ogg = Files.readAllBytes(out);
            if (ogg.length < 4 || ogg[0] != 'O' || ogg[1] != 'g' || ogg[2] != 'g' || ogg[3] != 'S') throw new VoiceException("ffmpeg produced no OGG stream");
            return ogg;
        } catch (IOException e) {
            throw new VoiceException("audio conversion failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(in);
            deleteQuietly(out);
        }
    }

    private void run(List<String> command, byte[] stdin, String what) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new VoiceException(what + " could not be started (" + command.get(0) + "): " + e.getMessage(), e);
        }
        try (var os = p.getOutputStream()) {
            os.write(stdin);
        }
        byte[] output = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new VoiceException(what + " timed out after " + config.timeout());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VoiceException(what + " was interrupted");
        }
        if (p.exitValue() != 0) {
            String msg = new String(output, StandardCharsets.UTF_8).strip();
            throw new VoiceException(what + " exited with " + p.exitValue() + ": " + (msg.length() > 300 ? msg.substring(0, 300) : msg));
        }
    }

    private byte[] send(HttpRequest req, String what) {
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                String body = new String(r.body(), StandardCharsets.UTF_8);
                throw new VoiceException(what + " failed with HTTP " + r.statusCode() + ": " + (body.length() > 200 ? body.substring(0, 200) : body));
            }
            return r.body();
        } catch (IOException e) {
            throw new VoiceException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VoiceException(what + " was interrupted");
        }
    }

    /** Splits text for speech at sentence ends, then at commas or spaces, never mid-word when avoidable. */
    static List<String> chunks(String text, int max) {
        List<String> out = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > max) {
            int cut = -1;
            for (String sep : new String[]{"\n\n", ". ", "! ", "? ", "\n", ", ", " "}) {
                int at = rest.lastIndexOf(sep, max - sep.length());
                if (at > max / 3) {
                    cut = at + sep.length();
                    break;
                }
            }
            if (cut < 0) cut = max;
            out.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) out.add(rest);
        return out;
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String value) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
