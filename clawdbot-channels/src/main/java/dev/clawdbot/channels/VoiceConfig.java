package dev.clawdbot.channels;

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
        return new VoiceConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "VoiceConfig[transcriptionBaseUrl=" + transcriptionBaseUrl + ", transcriptionApiKey=" + (transcriptionApiKey == null ? "(none)" : "***")
                + ", ttsEngine=" + ttsEngine + ", ttsBaseUrl=" + ttsBaseUrl + ", ttsApiKey=" + (ttsApiKey == null ? "(none)" : "***")
                + ", replyMode=" + replyMode + "]";
    }
}
