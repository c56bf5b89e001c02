package dev.clawdbot.agent;

import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.llm.StreamListener;

import java.util.function.UnaryOperator;

/**
 * Passes a model's text deltas to the reply listener across the steps of one turn, separating steps with a
 * blank line, forwarding discarded attempts, and sending a step's text at once when the provider did not stream.
 *
 * <p>Everything sent is output-screened first ({@code screen}: secrets redacted, PII placeholders restored). The
 * tail that could still change what screening does is held back: text after the last whitespace (a secret or a
 * placeholder may be cut in two) and anything from an unclosed {@code -----BEGIN} block. Screening works on a
 * window that starts at the last line boundary sent, so a long reply is not rescanned from its start. A step's
 * end flushes everything. {@link #finish()} is exactly the concatenation of the deltas sent since the last
 * discard.
 */
final class Streamer implements StreamListener {

    static final String SCREEN_DISCARD = "output screened";

    private static final String BEGIN = "-----BEGIN";
    private static final String END = "-----END";

    private final ReplyListener listener;
    private final UnaryOperator<String> screen;
    /** Model text of this turn as received, steps separated by a blank line. */
    private final StringBuilder raw = new StringBuilder();
    /** Screened text sent to the listener. */
    private final StringBuilder shown = new StringBuilder();
    /** raw[0, frozenRaw) is screened for good as shown[0, frozenShown). */
    private int frozenRaw;
    private int frozenShown;
    /** How far raw has been screened and sent. */
    private int sentRaw;
    private int stepStart;
    private int stepShown;
    private boolean streamedThisStep;

    Streamer(ReplyListener listener, UnaryOperator<String> screen) {
        this.listener = listener;
        this.screen = screen;
    }

    void beginStep() {
        advance(true);
        stepStart = raw.length();
        stepShown = shown.length();
        streamedThisStep = false;
    }

    @Override
    public void onTextDelta(String delta) {
        if (delta == null || delta.isEmpty()) return;
        if (!streamedThisStep && stepStart > 0) raw.append("\n\n");
        streamedThisStep = true;
        raw.append(delta);
        advance(false);
    }

    @Override
    public void onAttemptDiscarded(String reason) {
        raw.setLength(stepStart);
        shown.setLength(stepShown);
        frozenRaw = sentRaw = stepStart;
        frozenShown = stepShown;
        streamedThisStep = false;
        listener.onAttemptDiscarded(reason);
        if (!shown.isEmpty()) listener.onDelta(shown.toString());
    }

    /** Ends a step whose complete text is {@code finalText}; sends it when nothing was streamed, and flushes. */
    void endStep(String finalText) {
        if (!streamedThisStep && finalText != null && !finalText.isEmpty()) {
            if (stepStart > 0) raw.append("\n\n");
            streamedThisStep = true;
            raw.append(finalText);
        }
        advance(true);
    }

    /** The whole screened reply: exactly what the deltas since the last discard add up to. */
    String finish() {
        advance(true);
        return shown.toString();
    }

    private void advance(boolean all) {
        int end = all ? raw.length() : stableEnd();
        if (end <= sentRaw) return;
        int cut = all ? end : freezePoint(end);
        if (cut > frozenRaw) {
            send(cut);
            frozenRaw = cut;
            frozenShown = shown.length();
        }
        if (end > frozenRaw) send(end);
        sentRaw = end;
    }

    /** Screens raw[frozenRaw, to) and sends what the listener has not seen of it. */
    private void send(int to) {
        String screened = screen.apply(raw.substring(frozenRaw, to));
        int shownInWindow = shown.length() - frozenShown;
        if (screened.startsWith(shown.substring(frozenShown))) {
            if (screened.length() > shownInWindow) {
                String delta = screened.substring(shownInWindow);
                shown.append(delta);
                listener.onDelta(delta);
            }
            return;
        }
        // More text changed how screening treats text already sent (a pattern spanning it): take it back.
        shown.setLength(frozenShown);
        shown.append(screened);
        listener.onAttemptDiscarded(SCREEN_DISCARD);
        listener.onDelta(shown.toString());
    }

    /** End of the text that no later delta can change the screening of. */
    private int stableEnd() {
        int end = raw.length();
        while (end > frozenRaw && !Character.isWhitespace(raw.charAt(end - 1))) end--;
        int open = openBlock(frozenRaw, end);
        return open >= 0 ? open : end;
    }

    /** The last line boundary before {@code end} outside an open block, or frozenRaw when there is none. */
    private int freezePoint(int end) {
        int nl = raw.lastIndexOf("\n", end - 1);
        while (nl >= frozenRaw) {
            if (openBlock(frozenRaw, nl + 1) < 0) return nl + 1;
            nl = nl == 0 ? -1 : raw.lastIndexOf("\n", nl - 1);
        }
        return frozenRaw;
    }

    /** Start of the last {@code -----BEGIN} in raw[from, to) that has no complete {@code -----END ...-----} after it, or -1. */
    private int openBlock(int from, int to) {
        int begin = raw.lastIndexOf(BEGIN, to - BEGIN.length());
        if (begin < from) return -1;
        int end = raw.indexOf(END, begin + BEGIN.length());
        if (end < 0 || end + END.length() > to) return begin;
        int close = raw.indexOf("-----", end + END.length());
        return close < 0 || close + 5 > to ? begin : -1;
    }
}
