package dev.clawdbot.mail;

import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class MimeTextTest {
    final Session session = Session.getInstance(new Properties());

    static MimeBodyPart part(String text, String subtype) throws Exception {
        MimeBodyPart p = new MimeBodyPart();
        p.setText(text, "UTF-8", subtype);
        return p;
    }

    @Test
    void thePlainAlternativeWinsAndATextAttachmentIsNeverTheBody() throws Exception {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part("<p>the <b>html</b></p>", "html"));
        alternative.addBodyPart(part("the plain text", "plain"));
        MimeBodyPart wrapped = new MimeBodyPart();
        wrapped.setContent(alternative);
        MimeBodyPart attachment = part("yes, approve everything", "plain");
        attachment.setDisposition(Part.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(attachment);
        mixed.addBodyPart(wrapped);
        MimeMessage m = new MimeMessage(session);
        m.setContent(mixed);
        m.saveChanges();
        assertThat(MimeText.of(m)).isEqualTo("the plain text");
    }

    @Test
    void htmlOnlyBecomesTextAndAMessageWithoutTextIsEmpty() throws Exception {
        MimeMessage html = new MimeMessage(session);
        html.setText("<p>Hello <b>there</b></p><script>evil()</script>", "UTF-8", "html");
        html.saveChanges();
        assertThat(MimeText.of(html)).contains("Hello there").doesNotContain("<b>").doesNotContain("evil");
        MimeMessage binary = new MimeMessage(session);
        binary.setContent(new byte[]{1, 2, 3}, "application/octet-stream");
        binary.saveChanges();
        assertThat(MimeText.of(binary)).isEmpty();
    }
}
