package dev.clawdbot.mail;

import dev.clawdbot.core.notify.NoticeChannel;
import dev.clawdbot.core.notify.OperatorNotice;

import java.time.Clock;
import java.util.Objects;

/**
 * Mails operator notices as plain text (with an HTML alternative when the notice has one: ops reports) through SMTP ({@link MailSender}, whose timeouts make a dead server fail the
 * attempt, which the notifier retries, instead of hanging its worker). The subject is one line: control characters are replaced,
 * so a notice cannot add headers.
 */
public final class MailNoticeChannel implements NoticeChannel {

    private final MailNoticeConfig config;
    private final MailSender sender;

    public MailNoticeChannel(MailNoticeConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.sender = new MailSender(config.smtpSettings(), Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void send(OperatorNotice notice) throws MailException {
        OutgoingMail m = OutgoingMail.of(config.from(), config.to(), "[Clawdbot] " + oneLine(notice.subject()),
                        notice.body() + "\n\n-- \nlevel " + notice.level() + ", from " + notice.source() + ", at " + notice.time()
                                + "\nSent by Clawdbot's operator notifier (operator: in clawdbot.yaml).\n")
                .withHeader("X-Clawdbot-Notice", oneLine(notice.dedupKey()))
                .withHtml(notice.html());
        try {
            sender.send(m);
        } catch (MailException e) {
            throw new MailException(e.kind(), "SMTP " + config.smtpHost() + ":" + config.smtpPort() + ": " + e.getMessage(), e);
        }
    }

    /** Control characters (CR and LF among them) become spaces; at most 200 characters. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
        s.codePoints().limit(200).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return b.toString();
    }
}
