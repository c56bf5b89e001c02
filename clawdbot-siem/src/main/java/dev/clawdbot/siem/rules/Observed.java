package dev.clawdbot.siem.rules;

import java.time.ZonedDateTime;

/**
 * One log line as rules see it: the full line, its pre-decoding, its decoding, where it came from
 * ({@code location}: a file path, {@code journald}, {@code clawdbot}) and when it arrived.
 */
record Observed(String fullLog, Predecoded pre, Decoded decoded, String location, ZonedDateTime time) {

    /**
     * A field by Wazuh's name: the static ones ({@code srcip}, {@code user}, ...), the pre-decoded
     * {@code program_name} and {@code hostname}, {@code location}, {@code log}, or any dynamic field.
     */
    String value(String name) {
        return switch (name) {
            case "log" -> pre.log();
            case "full_log" -> fullLog;
            case "program_name" -> pre.programName();
            case "hostname" -> pre.hostname() != null ? pre.hostname() : decoded.fields().get("hostname");
            case "location" -> location;
            case "user" -> decoded.fields().containsKey("dstuser") ? decoded.fields().get("dstuser") : decoded.fields().get("srcuser");
            default -> decoded.fields().get(name);
        };
    }
}
