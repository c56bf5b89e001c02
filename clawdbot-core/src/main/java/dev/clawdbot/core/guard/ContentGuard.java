package dev.clawdbot.core.guard;

/**
 * The guard as the gateway sees it: screens inbound messages before any model sees them, and wraps
 * external content in unforgeable untrusted-content markers. Implemented by the guard module.
 */
public interface ContentGuard {

    /** Scans one piece of text that is about to reach a model. */
    GuardVerdict screen(String text, ContentSource source);

    /** Wraps external content so that a model can tell it apart from instructions; the content cannot close its own wrapper. */
    String wrapUntrusted(String content, ContentSource source);

    /** Scans model output or tool output before it leaves (secrets, PII restoration); returns the text to deliver. */
    default String screenOutput(String text, ContentSource source) {
        return text;
    }
}
