package dev.clawdbot.app.http;

import java.util.Locale;

/** What an API token may call. The gateway token (the operator's) holds every scope. */
public enum Scope {
    /** {@code POST /v1/chat/completions}, {@code GET /v1/models} and the web chat socket. */
    CHAT,
    /** {@code GET /metrics}. */
    METRICS,
    /** The guard role's LLM Guard-compatible API ({@code /analyze/*}, {@code /scan/*}). */
    GUARD,
    /** The monitors API ({@code /api/monitors}). */
    MONITORS,
    /**
     * Reading what the guard withheld from a model ({@code GET /api/withheld}, {@code GET /api/withheld/{id}}). A scope of
     * its own, not part of {@code chat}: the stored texts are planted instructions and the private mail, pages and logs
     * around them, for the operator's review only.
     */
    WITHHELD;

    /** The lower-case name used on the command line and in the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #wire()}; the message lists the valid names. */
    public static Scope parse(String s) {
        for (Scope v : values()) if (v.wire().equals(s)) return v;
        throw new IllegalArgumentException("unknown scope '" + s + "': use chat, metrics, guard, monitors or withheld");
    }
}
