package dev.clawdbot.channels.mail;

import dev.clawdbot.core.text.HtmlText;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;

/** Plain text out of a message: the first text/plain part, or text/html with the tags removed. */
final class MailText {
    private MailText() {
    }

    static String from(Message m) throws MessagingException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0) return "(unknown sender)";
        return from[0] instanceof InternetAddress ia ? ia.toUnicodeString() : from[0].toString();
    }

    static String fromAddress(Message m) throws MessagingException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0) return "";
        return from[0] instanceof InternetAddress ia ? ia.getAddress().toLowerCase(java.util.Locale.ROOT) : from[0].toString().toLowerCase(java.util.Locale.ROOT);
    }

    static String body(Part p) throws MessagingException, IOException {
        String text = find(p, "text/plain");
        if (text != null) return text;
        String html = find(p, "text/html");
        return html == null ? "" : HtmlText.text(html);
    }

    private static String find(Part p, String type) throws MessagingException, IOException {
        if (p.isMimeType(type)) {
            Object c = p.getContent();
            return c instanceof String s ? s : null;
        }
        if (p.isMimeType("multipart/*") && p.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(bp.getDisposition())) continue;
                String s = find(bp, type);
                if (s != null) return s;
            }
        }
        return null;
    }

    /** The first {@code lines} non-blank lines, quoted replies dropped, at most 400 characters. */
    static String preview(String body, int lines) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String line : body.replace("\r", "").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith(">")) continue;
            if (n++ >= lines) break;
            if (sb.length() > 0) sb.append('\n');
            sb.append(l);
        }
        return sb.length() > 400 ? sb.substring(0, 399) + "…" : sb.toString();
    }
}
