package dev.clawdbot.core.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the operator should hear about: a report, a finding, an alert, a reminder.
 *
 * @param source    the part that raised it ({@code siem}, {@code ops.daily}, {@code guard}, ...)
 * @param dedupKey  notices with the same key inside the notifier's de-duplication window are sent once
 * @param level     0–15 in Wazuh's sense; the notifier's threshold decides what is pushed at once
 * @param subject   one line, plain text (the notifier escapes it per channel)
 * @param body      plain text; may be long (reports), channels that cannot carry it summarise it
 * @param time      when it happened
 * @param html      the same content as a self-contained HTML page (reports), or null; channels that can carry it
 *                  (e-mail, as multipart/alternative) send it beside {@code body}, the others ignore it
 * @param summary   a short plain-text form for chat channels (Telegram) when {@code body} is long (reports), or
 *                  null: those channels then send {@code body}, cut to what fits
 */
public record OperatorNotice(String source, String dedupKey, int level, String subject, String body, Instant time, String html,
                             String summary) {

    public OperatorNotice(String source, String dedupKey, int level, String subject, String body, Instant time) {
        this(source, dedupKey, level, subject, body, time, null, null);
    }

    public OperatorNotice(String source, String dedupKey, int level, String subject, String body, Instant time, String html) {
        this(source, dedupKey, level, subject, body, time, html, null);
    }

    public OperatorNotice {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        if (level < 0 || level > 16) throw new IllegalArgumentException("notice level must be 0..16, was " + level);
        dedupKey = dedupKey == null || dedupKey.isBlank() ? source + ":" + subject : dedupKey;
        body = body == null ? "" : body;
    }
}
