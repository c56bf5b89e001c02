package dev.clawdbot.mail;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plain-text message to send: UTF-8 subject and body, optional attachments (sent base64, so their bytes arrive
 * exactly), extra headers ({@code In-Reply-To}, {@code X-...}) and a chosen {@code Message-ID} (null: the library
 * makes one). Addresses are RFC 822 addresses, checked strictly when sent. {@code html}, when set, is sent beside the
 * text as {@code multipart/alternative} (the same content as a page: ops reports).
 */
public record OutgoingMail(String from, List<String> to, List<String> cc, String subject, String text,
                           String messageId, Map<String, String> headers, List<Attachment> attachments, String html) {

    public OutgoingMail(String from, List<String> to, List<String> cc, String subject, String text,
                        String messageId, Map<String, String> headers, List<Attachment> attachments) {
        this(from, to, cc, subject, text, messageId, headers, attachments, null);
    }

    /** A file attached as {@code application/octet-stream}. */
    public record Attachment(String name, byte[] content) {
        public Attachment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    public OutgoingMail {
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        if (to.isEmpty()) throw new IllegalArgumentException("a message needs at least one recipient");
        cc = cc == null ? List.of() : List.copyOf(cc);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A plain message: no Cc, no extra headers, no attachments, a generated Message-ID. */
    public static OutgoingMail of(String from, List<String> to, String subject, String text) {
        return new OutgoingMail(from, to, null, subject, text, null, null, null);
    }

    public OutgoingMail withMessageId(String id) {
        return new OutgoingMail(from, to, cc, subject, text, id, headers, attachments, html);
    }

    /** With header {@code name} set to {@code value} (replacing an earlier value). */
    public OutgoingMail withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new OutgoingMail(from, to, cc, subject, text, messageId, h, attachments, html);
    }

    public OutgoingMail withAttachments(List<Attachment> attachments) {
        return new OutgoingMail(from, to, cc, subject, text, messageId, headers, attachments, html);
    }

    /** With an HTML rendering of the text (null: plain text only). */
    public OutgoingMail withHtml(String html) {
        return new OutgoingMail(from, to, cc, subject, text, messageId, headers, attachments, html);
    }
}
