package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ExecutionConfig;
import dev.clawdbot.mail.SmtpConfig;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.BrokerFixture;
import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.core.events.Event;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mail filed through the spool is approved by its hash and sent exactly once through the dispatcher's SMTP
 * executor, also when the broker dies right after sending or between claiming and sending.
 */
class MailExecutionTest {

    @TempDir
    Path dir;
    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    BrokerFixture f;

    {
        mail.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (f != null) f.close();
        mail.stop();
    }

    BrokerFixture fixture() {
        f = new BrokerFixture(dir);
        SmtpConfig smtp = new SmtpConfig("127.0.0.1", mail.getSmtp().getPort(), false, null, null, "dakota@clawdbot.example");
        BrokerConfig c = new BrokerConfig(dir.resolve("spool"), null, null, null, WebhookSecret.generate(), null, null, null, null, null,
                null, new ExecutionConfig(null, null, dir.resolve("no-docker.sock"), null, smtp));
        ActionDispatcher d = ActionDispatcher.create(c, f.events, f.clock);
        f.executor = d::execute;
        return f;
    }

    static final ProposedAction.Mail MAIL = ProposedAction.mail(List.of("stranger@example.org"), null, "Meeting on Friday",
            "Hello,\nshall we meet on Friday at 10:00?\nDakota");

    @Test
    void approvedMailIsSentOnceWithTheApprovedContent() throws Exception {
        fixture().open();
        String file = new MailRequestFiler(dir.resolve("spool"), "dakota", f.clock).file(null, "telegram:42", "Stranger@example.org", MAIL.subject(), MAIL.body());
        assertThat(file).endsWith(".json");
        f.broker.runOnce();
        RequestView r = f.only();
        assertThat(r.state()).isEqualTo(RequestState.AWAITING_OPERATOR);
        assertThat(r.actions()).containsExactly(MAIL);
        assertThat(r.actionHash()).isEqualTo(RequestCodec.hash(List.of(MAIL)));
        assertThat(r.request().requester()).isEqualTo("dakota");
        assertThat(mail.getReceivedMessages()).isEmpty();

        assertThat(f.broker.approve(r.id(), "cli:root", RequestCodec.hash(List.of(MAIL))).accepted()).isTrue();
        for (int i = 0; i < 3; i++) f.broker.runOnce();
        assertThat(f.only().state()).isEqualTo(RequestState.DONE);
        MimeMessage[] got = mail.getReceivedMessages();
        assertThat(got).hasSize(1);
        assertThat(got[0].getSubject()).isEqualTo(MAIL.subject());
        assertThat(((String) got[0].getContent()).replace("\r\n", "\n")).isEqualTo(MAIL.body());
        assertThat(Arrays.stream(got[0].getAllRecipients()).map(Object::toString)).containsExactly("stranger@example.org");
    }

    @Test
    void aCrashRightAfterSendingDoesNotSendAgain() throws Exception {
        runWithCrash(e -> e.type().equals("broker.action.finished"));
        assertThat(f.only().state()).isEqualTo(RequestState.DONE);
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aCrashBetweenClaimAndSendNeverSends() throws Exception {
        runWithCrash(e -> e.type().equals("broker.action.started"));
        assertThat(f.only().state()).isEqualTo(RequestState.FAILED);
        assertThat(f.only().result()).contains("interrupted by a restart; not run again");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    private void runWithCrash(Predicate<Event> crashAfter) throws IOException {
        fixture().crashAfter = crashAfter;
        f.open();
        f.drop("m.json", new HostChangeRequest("dakota", "Send e-mail", "asked by the user", List.of(MAIL), null));
        int crashes = 0;
        for (int step = 0; step < 20 && !finished(); step++) {
            try {
                f.broker.runOnce();
                RequestView r = f.broker.list().isEmpty() ? null : f.only();
                if (r != null && r.state() == RequestState.AWAITING_OPERATOR) f.broker.approve(r.id(), "cli:root", r.actionHash());
            } catch (BrokerFixture.SimulatedCrash crash) {
                crashes++;
                f.broker.close();
                f.open();
            }
        }
        assertThat(crashes).isEqualTo(1);
        assertThat(Files.list(dir.resolve("spool/inbox")).count()).isZero();
    }

    private boolean finished() {
        return !f.broker.list().isEmpty() && RequestState.TERMINAL.contains(f.only().state());
    }
}
