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
    MONITORS;

    /** The lower-case name used on the command line and in the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #wire()}; the message lists the valid names. */
    public static Scope parse(String s) {
        for (Scope v : values()) if (v.wire().equals(s)) return v;
        throw new IllegalArgumentException("unknown scope '" + s + "': use chat, metrics, guard or monitors");
    }
}
