package dev.clawdbot.mail;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * A message in an open {@link MailFolder}: its sender, subject, headers and text, read from the server on demand
 * (so only while the folder is open). Everything it returns is untrusted text.
 */
public final class ReceivedMail {
    private final Message message;
    private final MailAuth auth;

    ReceivedMail(Message message, MailAuth auth) {
        this.message = message;
        this.auth = auth;
    }

    /** The first From address for display, with its name ({@code Alice <alice@example.com>}); "(unknown sender)" without one. */
    public String from() throws MailException {
        Address[] from = call(message::getFrom);
        if (from == null || from.length == 0) return "(unknown sender)";
        return from[0] instanceof InternetAddress ia ? ia.toUnicodeString() : from[0].toString();
    }

    /** The first From address, lower-cased; empty without one. */
    public String fromAddress() throws MailException {
        Address[] from = call(message::getFrom);
        if (from == null || from.length == 0) return "";
        String a = from[0] instanceof InternetAddress ia ? ia.getAddress() : from[0].toString();
        return a.toLowerCase(Locale.ROOT);
    }

    /** The single From address, lower-cased; null when there is not exactly one. */
    public String singleSender() throws MailException {
        Address[] from = call(message::getFrom);
        if (from == null || from.length != 1 || !(from[0] instanceof InternetAddress ia) || ia.getAddress() == null) return null;
        return ia.getAddress().toLowerCase(Locale.ROOT);
    }

    /** Every To and Cc address (Bcc is not in a received message). */
    public List<String> recipients() throws MailException {
        Address[] all = call(message::getAllRecipients);
        List<String> out = new ArrayList<>();
        if (all != null) for (Address a : all) if (a instanceof InternetAddress ia && ia.getAddress() != null) out.add(ia.getAddress());
        return out;
    }

    /** The decoded subject; null without one. */
    public String subject() throws MailException {
        return call(message::getSubject);
    }

    /** Every value of header {@code name}, in order; empty when absent. */
    public List<String> headers(String name) throws MailException {
        String[] v = call(() -> message.getHeader(name));
        return v == null ? List.of() : List.of(v);
    }

    /** The first value of header {@code name}; null when absent. */
    public String header(String name) throws MailException {
        List<String> v = headers(name);
        return v.isEmpty() ? null : v.getFirst();
    }

    /** The Date header; null when absent or unreadable. */
    public Instant sentDate() throws MailException {
        Date d = call(message::getSentDate);
        return d == null ? null : d.toInstant();
    }

    /** The IMAP UID; -1 when the folder has none. */
    public long uid() throws MailException {
        return message.getFolder() instanceof UIDFolder f ? call(() -> f.getUID(message)) : -1;
    }

    /** The plain text: the first text/plain part, else the HTML part as text (see {@link MimeText}). */
    public String text() throws MailException {
        try {
            return MimeText.of(message);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw MailException.of(auth, e);
        }
    }

    /** Marks the message seen (\Seen) on the server; the folder must be open for writing. */
    public void markSeen() throws MailException {
        call(() -> {
            message.setFlag(Flags.Flag.SEEN, true);
            return null;
        });
    }

    private <T> T call(Read<T> r) throws MailException {
        try {
            return r.read();
        } catch (MessagingException | RuntimeException e) {
            throw MailException.of(auth, e);
        }
    }

    @FunctionalInterface
    interface Read<T> {
        T read() throws MessagingException;
    }
}
