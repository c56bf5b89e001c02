package dev.clawdbot.mail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.testkit.oauth.FakeTokenEndpoint;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sending through GreenMail's SMTP server: the message as given, password and XOAUTH2 logins, failures without secrets. */
class MailSenderTest {
    static final String REFRESH = "rt-smtp-refresh-secret";
    static final String CLIENT_SECRET = "cs-smtp-client-secret";

    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    final FakeTokenEndpoint endpoint = new FakeTokenEndpoint(REFRESH);
    final GreenMailUser user;

    {
        mail.start();
        user = mail.setUser("bot@example.org", "bot", endpoint.next());
    }

    @AfterEach
    void stop() {
        mail.stop();
        endpoint.close();
    }

    SmtpSettings smtp(int port, MailAuth auth) {
        return new SmtpSettings("127.0.0.1", port, SmtpSettings.Security.NONE, auth);
    }

    @Test
    void sendsExactlyTheMessageGivenWithItsIdHeadersAndAttachmentBytes() throws Exception {
        byte[] exact = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        OutgoingMail out = new OutgoingMail("bot@example.org", List.of("alice@example.org"), List.of("bob@example.org"), "Über the report",
                "Hi Alice,\n\nattached.", "<fixed-1@clawdbot.test>", Map.of("X-Clawdbot-Test", "1", "In-Reply-To", "<root@x>"),
                List.of(new OutgoingMail.Attachment("content-1.txt", exact)));
        String id = new MailSender(smtp(mail.getSmtp().getPort(), new MailAuth.None()), clock).send(out);

        assertThat(id).isEqualTo("<fixed-1@clawdbot.test>");
        MimeMessage[] got = mail.getReceivedMessages();
        assertThat(got).hasSize(2);
        MimeMessage m = got[0];
        assertThat(m.getMessageID()).isEqualTo(id);
        assertThat(m.getSubject()).isEqualTo("Über the report");
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("alice@example.org");
        assertThat(m.getRecipients(Message.RecipientType.CC)).extracting(Object::toString).containsExactly("bob@example.org");
        assertThat(m.getHeader("X-Clawdbot-Test")).containsExactly("1");
        assertThat(m.getHeader("In-Reply-To")).containsExactly("<root@x>");
        assertThat(m.getSentDate().toInstant()).isEqualTo(clock.instant());
        Multipart mp = (Multipart) m.getContent();
        assertThat(((String) mp.getBodyPart(0).getContent()).replace("\r\n", "\n")).isEqualTo("Hi Alice,\n\nattached.");
        BodyPart attachment = mp.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo("content-1.txt");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(exact);
    }

    @Test
    void anAddressThatDoesNotParseStrictlyIsRefusedBeforeConnecting() {
        MailSender sender = new MailSender(smtp(mail.getSmtp().getPort(), new MailAuth.None()), clock);
        assertThatThrownBy(() -> sender.send(OutgoingMail.of("bot@example.org", List.of("a@example.org\r\nBcc: x@evil.example"), "s", "b")))
                .isInstanceOf(MailException.class);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void xoauth2SendsTheBearerTokenAndRefreshesItOnceWhenRefused() throws Exception {
        MailAuth auth = new MailAuth.OAuth2("bot", new OAuth2Grant(endpoint.url(), "client-smtp", CLIENT_SECRET, REFRESH, null, null));
        try (RecordingProxy proxy = new RecordingProxy(mail.getSmtp().getPort())) {
            MailSender sender = new MailSender(smtp(proxy.port(), auth), clock);
            sender.send(OutgoingMail.of("bot@example.org", List.of("alice@example.org"), "one", "1"));
            String wire = proxy.clientText();
            assertThat(wire).contains("AUTH XOAUTH2").doesNotContain("AUTH PLAIN").doesNotContain("AUTH LOGIN");
            String initial = wire.substring(wire.indexOf("AUTH XOAUTH2") + "AUTH XOAUTH2".length()).trim().split("\\s+")[0];
            assertThat(new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8)).isEqualTo("user=bot\u0001auth=Bearer at-1\u0001\u0001");

            // The token is revoked early: the send fails once, a fresh token gets it through.
            user.setPassword(endpoint.next());
            sender.send(OutgoingMail.of("bot@example.org", List.of("alice@example.org"), "two", "2"));
        }
        assertThat(endpoint.requests).hasSize(2);
        assertThat(mail.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("one", "two");
    }

    @Test
    void aServerThatIsDownFailsWithoutThePassword() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        MailSender sender = new MailSender(smtp(closed, new MailAuth.Password("bot", "s3cret-pw")), clock);
        assertThatThrownBy(() -> sender.send(OutgoingMail.of("bot@example.org", List.of("a@example.org"), "s", "b")))
                .isInstanceOfSatisfying(MailException.class, e -> {
                    assertThat(e.kind()).isEqualTo("MailConnectException");
                    assertThat(e.describe()).doesNotContain("s3cret-pw");
                });
    }
}
