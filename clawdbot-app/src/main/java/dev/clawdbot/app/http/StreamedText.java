package dev.clawdbot.app.http;

/**
 * What a client has been shown of the current reply attempt, so that the finished reply can be reconciled
 * with the streamed deltas: slash commands and guard notices arrive with no deltas at all, and a reply may
 * contain more than was streamed.
 */
final class StreamedText {
    private final StringBuilder shown = new StringBuilder();

    void append(String delta) {
        shown.append(delta);
    }

    boolean any() {
        return !shown.isEmpty();
    }

    /** A discarded attempt: the client has been told to clear what it showed. */
    void reset() {
        shown.setLength(0);
    }

    /**
     * The text still to send so the client ends up showing {@code finalText}: all of it when nothing was
     * streamed, the missing tail when the stream was a prefix, and nothing when the stream diverged (for
     * example text streamed before a tool call that the final reply does not repeat).
     */
    String remainder(String finalText) {
        if (finalText == null) return "";
        if (shown.isEmpty()) return finalText;
        String s = shown.toString();
        return finalText.startsWith(s) ? finalText.substring(s.length()) : "";
    }
}
