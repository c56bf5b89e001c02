package dev.clawdbot.mail;

import dev.clawdbot.core.notify.NoticeChannel;
import dev.clawdbot.core.notify.OperatorNotice;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * Mails operator notices as plain text (with an HTML alternative when the notice has one) through SMTP (Angus Mail), with timeouts so a dead server fails the attempt
 * (the notifier retries) instead of hanging its worker. The subject is one line: control characters are replaced,
 * so a notice cannot add headers.
 */
public final class MailNoticeChannel implements NoticeChannel {

    private final MailNoticeConfig config;
    private final Clock clock;

    public MailNoticeChannel(MailNoticeConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void send(OperatorNotice notice) throws MessagingException {
        MimeMessage m = new MimeMessage(session());
        m.setFrom(new InternetAddress(config.from(), true));
        InternetAddress[] to = new InternetAddress[config.to().size()];
        for (int i = 0; i < to.length; i++) to[i] = new InternetAddress(config.to().get(i), true);
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject("[Clawdbot] " + oneLine(notice.subject()), "UTF-8");
        String text = notice.body() + "\n\n-- \nlevel " + notice.level() + ", from " + notice.source() + ", at " + notice.time()
                + "\nSent by Clawdbot's operator notifier (operator: in clawdbot.yaml).\n";
        if (notice.html() == null) {
            m.setText(text, "UTF-8");
        } else {
            // A report: plain text first, HTML second (multipart/alternative: clients show the last part they can).
            jakarta.mail.internet.MimeBodyPart plain = new jakarta.mail.internet.MimeBodyPart();
            plain.setText(text, "UTF-8");
            jakarta.mail.internet.MimeBodyPart html = new jakarta.mail.internet.MimeBodyPart();
            html.setText(notice.html(), "UTF-8", "html");
            m.setContent(new jakarta.mail.internet.MimeMultipart("alternative", plain, html));
        }
        m.setSentDate(Date.from(clock.instant()));
        m.setHeader("X-Clawdbot-Notice", oneLine(notice.dedupKey()));
        m.saveChanges();
        try {
            if (config.username() != null) Transport.send(m, config.username(), config.password());
            else Transport.send(m);
        } catch (MessagingException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            if (config.password() != null && !config.password().isEmpty()) msg = msg.replace(config.password(), "***");
            throw new MessagingException("SMTP " + config.smtpHost() + ":" + config.smtpPort() + ": " + msg);
        }
    }

    /** Control characters (CR and LF among them) become spaces; at most 200 characters. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
        s.codePoints().limit(200).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return b.toString();
    }

    private Session session() {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", config.smtpHost());
        p.put("mail.smtp.port", String.valueOf(config.smtpPort()));
        p.put("mail.smtp.auth", String.valueOf(config.username() != null));
        p.put("mail.smtp.starttls.enable", String.valueOf(config.smtpTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(config.smtpTls()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        return Session.getInstance(p);
    }
}
