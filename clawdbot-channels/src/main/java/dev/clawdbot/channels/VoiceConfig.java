package dev.clawdbot.channels;

import dev.clawdbot.core.config.RecordBuilder;
import dev.clawdbot.core.config.Secret;

import java.time.Duration;

/**
 * Speech in and out. {@code transcriptionBaseUrl} is an OpenAI-compatible API root (Groq:
 * {@code https://api.groq.com/openai/v1}); null disables transcription. {@code ttsEngine} picks
 * ElevenLabs, an OpenAI-compatible {@code /audio/speech}, or offline espeak-ng.
 */
public record VoiceConfig(
        String transcriptionBaseUrl,
        @Secret String transcriptionApiKey,
        String transcriptionModel,
        TtsEngine ttsEngine,
        String ttsBaseUrl,
        @Secret String ttsApiKey,
        String ttsVoice,
        String ttsModel,
        ReplyMode replyMode,
        String ffmpegPath,
        String espeakPath,
        Integer maxChunkChars,
        Long maxVoiceBytes,
        Duration timeout) {

    public enum TtsEngine { ELEVENLABS, OPENAI, ESPEAK }

    /** When replies go out as voice: always, when the user spoke, or never. */
    public enum ReplyMode { ALWAYS, WHEN_SPOKEN, NEVER }

    public VoiceConfig {
        transcriptionBaseUrl = TelegramConfig.blankToNull(transcriptionBaseUrl);
        if (transcriptionBaseUrl != null) {
            transcriptionBaseUrl = TelegramConfig.stripSlash(transcriptionBaseUrl);
            TelegramConfig.checkUrl("voice.transcriptionBaseUrl", transcriptionBaseUrl);
        }
        transcriptionApiKey = TelegramConfig.blankToNull(transcriptionApiKey);
        transcriptionModel = transcriptionModel == null || transcriptionModel.isBlank() ? "whisper-large-v3" : transcriptionModel;
        ttsEngine = ttsEngine == null ? TtsEngine.ESPEAK : ttsEngine;
        ttsBaseUrl = TelegramConfig.blankToNull(ttsBaseUrl);
        if (ttsBaseUrl == null && ttsEngine == TtsEngine.ELEVENLABS) ttsBaseUrl = "https://api.elevenlabs.io";
        if (ttsBaseUrl == null && ttsEngine == TtsEngine.OPENAI) ttsBaseUrl = "https://api.openai.com/v1";
        if (ttsBaseUrl != null) {
            ttsBaseUrl = TelegramConfig.stripSlash(ttsBaseUrl);
            TelegramConfig.checkUrl("voice.ttsBaseUrl", ttsBaseUrl);
        }
        ttsApiKey = TelegramConfig.blankToNull(ttsApiKey);
        if (ttsEngine != TtsEngine.ESPEAK && ttsApiKey == null) throw new IllegalArgumentException("voice.ttsApiKey is required when voice.ttsEngine is " + ttsEngine);
        ttsVoice = TelegramConfig.blankToNull(ttsVoice);
        if (ttsVoice == null) ttsVoice = switch (ttsEngine) {
            case ELEVENLABS -> throw new IllegalArgumentException("voice.ttsVoice (the ElevenLabs voice_id) is required when voice.ttsEngine is ELEVENLABS");
            case OPENAI -> "alloy";
            case ESPEAK -> "en";
        };
        ttsModel = TelegramConfig.blankToNull(ttsModel);
        if (ttsModel == null && ttsEngine == TtsEngine.ELEVENLABS) ttsModel = "eleven_multilingual_v2";
        if (ttsModel == null && ttsEngine == TtsEngine.OPENAI) ttsModel = "tts-1";
        replyMode = replyMode == null ? ReplyMode.WHEN_SPOKEN : replyMode;
        ffmpegPath = ffmpegPath == null || ffmpegPath.isBlank() ? "ffmpeg" : ffmpegPath;
        espeakPath = espeakPath == null || espeakPath.isBlank() ? "espeak-ng" : espeakPath;
        maxChunkChars = maxChunkChars == null ? 1500 : maxChunkChars;
        if (maxChunkChars < 100 || maxChunkChars > 5000) throw new IllegalArgumentException("voice.maxChunkChars must be 100..5000, was " + maxChunkChars);
        maxVoiceBytes = maxVoiceBytes == null ? 20L * 1024 * 1024 : maxVoiceBytes;
        if (maxVoiceBytes < 1024) throw new IllegalArgumentException("voice.maxVoiceBytes must be at least 1024, was " + maxVoiceBytes);
        timeout = TelegramConfig.positive("voice.timeout", timeout, Duration.ofSeconds(60));
    }

    /** Offline defaults: no transcription, espeak-ng for speech. */
    public static VoiceConfig defaults() {
        return builder().build();
    }

    @Override
    public String toString() {
        return "VoiceConfig[transcriptionBaseUrl=" + transcriptionBaseUrl + ", transcriptionApiKey=" + (transcriptionApiKey == null ? "(none)" : "***")
                + ", ttsEngine=" + ttsEngine + ", ttsBaseUrl=" + ttsBaseUrl + ", ttsApiKey=" + (ttsApiKey == null ? "(none)" : "***")
                + ", replyMode=" + replyMode + "]";
    }

    /** A builder with every component unset (null), so each takes the default this record gives it. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder extends RecordBuilder<VoiceConfig, Builder> {
        private Builder(VoiceConfig from) {
            super(VoiceConfig.class, from);
        }

        public Builder transcriptionBaseUrl(String transcriptionBaseUrl) { return set("transcriptionBaseUrl", transcriptionBaseUrl); }
        public Builder transcriptionApiKey(String transcriptionApiKey) { return set("transcriptionApiKey", transcriptionApiKey); }
        public Builder transcriptionModel(String transcriptionModel) { return set("transcriptionModel", transcriptionModel); }
        public Builder ttsEngine(TtsEngine ttsEngine) { return set("ttsEngine", ttsEngine); }
        public Builder ttsBaseUrl(String ttsBaseUrl) { return set("ttsBaseUrl", ttsBaseUrl); }
        public Builder ttsApiKey(String ttsApiKey) { return set("ttsApiKey", ttsApiKey); }
        public Builder ttsVoice(String ttsVoice) { return set("ttsVoice", ttsVoice); }
        public Builder ttsModel(String ttsModel) { return set("ttsModel", ttsModel); }
        public Builder replyMode(ReplyMode replyMode) { return set("replyMode", replyMode); }
        public Builder ffmpegPath(String ffmpegPath) { return set("ffmpegPath", ffmpegPath); }
        public Builder espeakPath(String espeakPath) { return set("espeakPath", espeakPath); }
        public Builder maxChunkChars(Integer maxChunkChars) { return set("maxChunkChars", maxChunkChars); }
        public Builder maxVoiceBytes(Long maxVoiceBytes) { return set("maxVoiceBytes", maxVoiceBytes); }
        public Builder timeout(Duration timeout) { return set("timeout", timeout); }
    }
}
