package dev.clawdbot.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.core.notify.OperatorNotice;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailNoticeChannelTest {

    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void start() {
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    MailNoticeConfig config(int port, String password) {
        return new MailNoticeConfig(List.of("Ops@Example.org", "oncall@example.org"), "clawdbot@example.org", "127.0.0.1", port, false,
                password == null ? null : "clawdbot", password);
    }

    @Test
    void aNoticeArrivesAsPlainTextWithAOneLineSubject() throws Exception {
        OperatorNotice n = new OperatorNotice("events", "event:guard.blocked:telegram:1", 10,
                "guard.blocked\r\nBcc: victim@example.org", "scanners: [prompt-injection]", Instant.parse("2026-12-07T09:59:00Z"));
        new MailNoticeChannel(config(mail.getSmtp().getPort(), null), clock).send(n);
        MimeMessage[] got = mail.getReceivedMessages();
        assertThat(got).hasSize(2);
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[Clawdbot] guard.blocked  Bcc: victim@example.org");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.org", "oncall@example.org");
        assertThat((String) m.getContent()).contains("scanners: [prompt-injection]", "level 10, from events, at 2026-12-07T09:59:00Z");
        assertThat(m.getHeader("X-Clawdbot-Notice")[0]).isEqualTo("event:guard.blocked:telegram:1");
    }

    @Test
    void aServerThatIsDownFailsTheAttemptWithoutThePassword() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        MailNoticeChannel ch = new MailNoticeChannel(config(closed, "s3cret-pw"), clock);
        assertThatThrownBy(() -> ch.send(new OperatorNotice("t", null, 10, "x", "y", clock.instant())))
                .hasMessageStartingWith("SMTP 127.0.0.1:" + closed + ": ").hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void configNamesTheKeyItRefuses() {
        assertThatThrownBy(() -> new MailNoticeConfig(List.of(), "a@b", "h", null, null, null, null)).hasMessage("operator.email.to must list at least one address");
        assertThatThrownBy(() -> new MailNoticeConfig(List.of("nope"), "a@b", "h", null, null, null, null)).hasMessage("operator.email.to: not an address: nope");
        assertThatThrownBy(() -> new MailNoticeConfig(List.of("a@b"), "a@b", " ", null, null, null, null)).hasMessage("operator.email.smtpHost is required");
        assertThat(new MailNoticeConfig(List.of("a@b"), "a@b", "h", null, null, "u", "pw").toString()).doesNotContain("pw]").contains("password=***");
    }
}
