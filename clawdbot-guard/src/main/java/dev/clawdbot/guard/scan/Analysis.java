package dev.clawdbot.guard.scan;

import dev.clawdbot.core.guard.ContentSource;

import java.util.List;
import java.util.Locale;

/**
 * Which question the guard asks of a text. {@code DIRECT}: a message a person sent — is it an attack on the
 * assistant? {@code INDIRECT}: content the agent reads (mail, web pages, tool output, calendar invites, transcripts)
 * — does this document contain instructions addressed to an AI assistant?
 */
public enum Analysis {
    DIRECT, INDIRECT;

    /** The source kinds a caller may name ({@code guard scan --source}, the JSONL and HTTP {@code source} field). */
    public static final List<String> KINDS = List.of("user", "email", "web", "tool", "calendar", "transcript");

    /** {@code kind} lower-cased when it is one of {@link #KINDS}; otherwise an error that lists them. */
    public static String checkedKind(String kind) {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(k)) throw new IllegalArgumentException("source must be one of " + String.join(", ", KINDS) + ", was \"" + kind + "\"");
        return k;
    }

    /** The source kinds read as documents; everything else (user, chat, voice, unknown) is a direct message. */
    public static Analysis of(ContentSource source) {
        if (source == null || source.kind() == null) return DIRECT;
        return switch (source.kind().toLowerCase(Locale.ROOT)) {
            case "email", "mail", "web", "tool", "calendar", "transcript", "file" -> INDIRECT;
            default -> DIRECT;
        };
    }
}
