package dev.clawdbot.channels.telegram;

/**
 * A Bot API call that failed: {@code errorCode} is Telegram's (or 0 for a transport failure),
 * {@code retryAfterSeconds} is set on 429. The message never contains the bot token.
 */
public final class TelegramApiException extends RuntimeException {
    private final int errorCode;
    private final int retryAfterSeconds;

    public TelegramApiException(String method, int errorCode, String description, int retryAfterSeconds) {
        super(method + " failed" + (errorCode > 0 ? " (" + errorCode + ")" : "") + ": " + description);
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int errorCode() {
        return errorCode;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean isRateLimited() {
        return errorCode == 429;
    }

    /** Telegram rejected the formatting (HTML or MarkdownV2 entities). */
    public boolean isEntityError() {
        return errorCode == 400 && getMessage().contains("can't parse entities");
    }
}
