package dev.clawdbot.siem.journal;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One {@code journalctl -o json} entry turned into the syslog line Wazuh's pre-decoder expects:
 * {@code Mmm dd hh:mm:ss HOST PROGRAM[PID]: MESSAGE}. PROGRAM is {@code SYSLOG_IDENTIFIER}, else {@code _COMM};
 * PID is {@code SYSLOG_PID}, else {@code _PID}. journalctl writes a field that is not valid UTF-8 (or holds control
 * characters) as an array of byte values: it is decoded as UTF-8 with replacement. Header words are made safe
 * (whitespace, {@code :[]} replaced) so a hostile identifier cannot shift the pre-decoding; the message is one line,
 * at most 64 KiB.
 */
record JournalEntry(String cursor, String line) {

    static final int MAX_MESSAGE = 65_536;
    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    /** The entry, or null when it has no cursor (not a journal entry). */
    static JournalEntry of(JsonNode o, ZoneId zone) {
        String cursor = text(o.get("__CURSOR"));
        if (cursor == null) return null;
        String message = text(o.get("MESSAGE"));
        if (message == null) message = "";
        if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE);
        message = message.replace('\n', ' ').replace('\r', ' ');
        String program = word(text(o.get("SYSLOG_IDENTIFIER")));
        if (program == null) program = word(text(o.get("_COMM")));
        String pid = word(text(o.get("SYSLOG_PID")));
        if (pid == null) pid = word(text(o.get("_PID")));
        String host = word(text(o.get("_HOSTNAME")));
        Instant time = Instant.now();
        String micros = text(o.get("__REALTIME_TIMESTAMP"));
        if (micros != null && !micros.isEmpty() && micros.length() <= 19 && micros.chars().allMatch(Character::isDigit)) {
            long us = Long.parseLong(micros);
            time = Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000);
        }
        StringBuilder line = new StringBuilder(message.length() + 64);
        line.append(SYSLOG_TIME.format(time.atZone(zone))).append(' ').append(host == null ? "localhost" : host).append(' ');
        if (program != null) {
            line.append(program);
            if (pid != null) line.append('[').append(pid).append(']');
            line.append(": ");
        }
        return new JournalEntry(cursor, line.append(message).toString());
    }

    /** A string field, or a byte-array field decoded as UTF-8; null when absent or neither. */
    static String text(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isTextual()) return n.asText();
        if (n.isNumber()) return n.asText();
        if (n.isArray()) {
            // A field present several times is an array of values (strings or byte arrays): the first one counts.
            if (!n.isEmpty() && !n.get(0).isNumber()) return text(n.get(0));
            int len = Math.min(n.size(), MAX_MESSAGE * 4);
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) b[i] = (byte) n.get(i).asInt();
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
        }
        return null;
    }

    private static String word(String s) {
        if (s == null || s.isBlank()) return null;
        StringBuilder out = new StringBuilder(Math.min(s.length(), 128));
        for (int i = 0; i < s.length() && out.length() < 128; i++) {
            char c = s.charAt(i);
            out.append(Character.isWhitespace(c) || Character.isISOControl(c) || c == ':' || c == '[' || c == ']' ? '_' : c);
        }
        return out.toString();
    }
}
