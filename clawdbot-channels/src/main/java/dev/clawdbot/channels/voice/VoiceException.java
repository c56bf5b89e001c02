package dev.clawdbot.channels.voice;

/** Transcription, synthesis or conversion failed; the message names the step and never contains a key. */
public final class VoiceException extends RuntimeException {
    public VoiceException(String message) {
        super(message);
    }

    public VoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
