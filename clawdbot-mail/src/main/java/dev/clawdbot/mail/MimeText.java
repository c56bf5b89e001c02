package dev.clawdbot.mail;

import dev.clawdbot.core.text.HtmlText;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import java.io.IOException;

/**
 * Plain text out of a MIME part: the first text/plain part (depth first, attachments skipped), else the first
 * text/html part as text (jsoup, through {@link HtmlText}), else the empty string.
 */
final class MimeText {
    private MimeText() {
    }

    static String of(Part p) throws MessagingException, IOException {
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
}
