package dev.clawdbot.core.guard;

/**
 * The guard as the gateway sees it: screens inbound messages before any model sees them, and wraps
 * external content in unforgeable untrusted-content markers. Implemented by the guard module.
 */
public interface ContentGuard {

    /** What the sender is told when no notice is configured. */
    String DEFAULT_BLOCKED_NOTICE = "I can't process that message.";

    /** Scans one piece of text that is about to reach a model. */
    GuardVerdict screen(String text, ContentSource source);

    /**
     * Screens content the agent reads (tool output, a web page, a mail, a calendar invite) before a model sees it, with
     * the indirect analysis: does it hold instructions addressed to an AI assistant? Only the injection scanners run
     * and nothing is redacted; {@code allowed} false means withhold it. The default (a guard that does not scan) passes
     * everything.
     */
    default GuardVerdict screenExternal(String content, ContentSource source) {
        return GuardVerdict.pass(content);
    }

    /** Wraps external content so that a model can tell it apart from instructions; the content cannot close its own wrapper. */
    String wrapUntrusted(String content, ContentSource source);

    /** Scans model output or tool output before it leaves (secrets, PII restoration); returns the text to deliver. */
    default String screenOutput(String text, ContentSource source) {
        return text;
    }

    /** The short neutral text the sender gets when {@link #screen} rejects a message ({@code guard.blockedNotice}). */
    default String blockedNotice() {
        return DEFAULT_BLOCKED_NOTICE;
    }
}
