package dev.clawdbot.broker.exec;

import dev.clawdbot.mail.SmtpConfig;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MailActionExecutorTest {

    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    {
        mail.start();
        mail.setUser("clawdbot@example.org", "clawdbot", "secret-pw");
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    SmtpConfig smtp(String password) {
        return new SmtpConfig("127.0.0.1", mail.getSmtp().getPort(), false, "clawdbot", password, "clawdbot@example.org");
    }

    @Test
    void sendsExactlyTheApprovedMailWithAKeyDerivedMessageId() throws Exception {
        ProposedAction a = ProposedAction.mail(List.of("alice@example.org"), List.of("bob@example.org"), "Über the report", "Hi Alice,\n\nattached.");
        ActionExecutor.Result r = new MailActionExecutor(smtp("secret-pw"), clock).execute(a, "req1:0:abc");
        assertThat(r.exitCode()).as(r.output()).isZero();
        MimeMessage[] got = mail.getReceivedMessages();
        assertThat(got).hasSize(2);
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("Über the report");
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("alice@example.org");
        assertThat(m.getRecipients(Message.RecipientType.CC)).extracting(Object::toString).containsExactly("bob@example.org");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(((String) m.getContent()).replace("\r\n", "\n")).isEqualTo("Hi Alice,\n\nattached.");
        assertThat(m.getMessageID()).isEqualTo("<" + SshActionExecutor.marker("req1:0:abc") + "@clawdbot.action>");
        assertThat(m.getSentDate().toInstant()).isEqualTo(clock.instant());
    }

    @Test
    void smtpFailuresAreReportedWithoutThePassword() {
        SmtpConfig down = new SmtpConfig("127.0.0.1", 1, false, "clawdbot", "secret-pw", "clawdbot@example.org");
        ActionExecutor.Result r = new MailActionExecutor(down, clock).execute(ProposedAction.mail(List.of("a@example.org"), null, "s", "b"), "k");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).startsWith("sending failed: ").doesNotContain("secret-pw");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }
}
