package dev.clawdbot.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends {@link OutgoingMail} through one SMTP server (see {@link SmtpSettings}), dated by {@code clock}. With XOAUTH2
 * refresh-token logins a refused token is refreshed and the send tried once more, as for IMAP.
 */
public final class MailSender {
    private final SmtpSettings smtp;
    private final Clock clock;
    private final Session session;

    public MailSender(SmtpSettings smtp, Clock clock) {
        this.smtp = Objects.requireNonNull(smtp, "smtp");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.session = MailSessions.smtp(smtp);
    }

    /**
     * Sends {@code mail} to its To and Cc addresses.
     *
     * @return the Message-ID it was sent with
     * @throws MailException when an address does not parse strictly, or the server is unreachable or refuses the
     *                       login or the message; the message holds no secret
     */
    public String send(OutgoingMail mail) throws MailException {
        try {
            MimeMessage m = mail.messageId() == null ? new MimeMessage(session) : new FixedIdMessage(session, mail.messageId());
            m.setFrom(new InternetAddress(mail.from(), true));
            m.setRecipients(Message.RecipientType.TO, addresses(mail.to()));
            if (!mail.cc().isEmpty()) m.setRecipients(Message.RecipientType.CC, addresses(mail.cc()));
            m.setSubject(mail.subject(), "UTF-8");
            m.setSentDate(Date.from(clock.instant()));
            for (Map.Entry<String, String> h : mail.headers().entrySet()) m.setHeader(h.getKey(), h.getValue());
            setContent(m, mail);
            m.saveChanges();
            transmit(m);
            return m.getMessageID();
        } catch (MessagingException | RuntimeException e) {
            throw MailException.of(smtp.auth(), e);
        }
    }

    private void transmit(MimeMessage m) throws MessagingException {
        switch (smtp.auth()) {
            case MailAuth.None n -> Transport.send(m);
            case MailAuth.OAuth2 o -> {
                OAuth2Tokens tokens = MailSessions.tokens(o.grant(), clock);
                String token = tokens.accessToken();
                try {
                    Transport.send(m, o.user(), token);
                } catch (AuthenticationFailedException e) {
                    Transport.send(m, o.user(), tokens.replace(token));
                }
            }
            default -> Transport.send(m, smtp.auth().user(), MailSessions.secret(smtp.auth()));
        }
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = new InternetAddress(list.get(i), true);
        return out;
    }

    /** The text alone (with its HTML alternative when given), or that plus each attachment of its exact bytes. */
    private static void setContent(MimeMessage m, OutgoingMail mail) throws MessagingException {
        if (mail.attachments().isEmpty() && mail.html() == null) {
            m.setText(mail.text(), "UTF-8");
            return;
        }
        MimeMultipart alternative = null;
        if (mail.html() != null) {
            // Plain text first, HTML second: clients show the last part they can render.
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(mail.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            alternative = new MimeMultipart("alternative", plain, html);
            if (mail.attachments().isEmpty()) {
                m.setContent(alternative);
                return;
            }
        }
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        if (alternative != null) text.setContent(alternative);
        else text.setText(mail.text(), "UTF-8");
        mp.addBodyPart(text);
        for (OutgoingMail.Attachment a : mail.attachments()) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), "application/octet-stream")));
            part.setFileName(a.name());
            part.setDisposition(Part.ATTACHMENT);
            // Base64 keeps the bytes exact: a text encoding would turn LF into CRLF and change a SHA-256 over them.
            part.setHeader("Content-Transfer-Encoding", "base64");
            mp.addBodyPart(part);
        }
        m.setContent(mp);
    }

    /** A MimeMessage whose Message-ID the caller chose, so replies and duplicates can be recognised. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session s, String id) {
            super(s);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
