package dev.clawdbot.broker.email;

import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.broker.BrokerFixture;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator e-mail loop over real SMTP and IMAP (GreenMail), and the spoofed approvals it must refuse. */
class EmailApprovalTest extends EmailBrokerTest {

    static final String TRUSTED = "mx.clawdbot.example";

    @Override
    List<String> trustedRelays() {
        return List.of(TRUSTED);
    }

    RequestView submit(String name) throws Exception {
        List<String> before = f.broker.list().stream().map(RequestView::id).toList();
        f.drop(name + ".json", BrokerFixture.request(ProposedAction.command("systemctl", "restart", "nginx")));
        f.broker.runOnce();
        RequestView r = f.broker.list().stream().filter(x -> !before.contains(x.id())).findFirst().orElseThrow();
        assertThat(r.state()).isEqualTo(RequestState.AWAITING_OPERATOR);
        return r;
    }

    static String code(MimeMessage m) throws Exception {
        Matcher c = Pattern.compile("One-time code \\(keep it in your reply\\): (\\S+)").matcher(String.valueOf(m.getContent()));
        assertThat(c.find()).isTrue();
        return c.group(1);
    }

    @Test
    void approvalEmailCarriesTokenActionsHashCodeAndLink() throws Exception {
        RequestView r = submit("a");
        MimeMessage m = mail.approvalMail(r.id());
        assertThat(m.getSubject()).isEqualTo("[clawdbot " + r.token() + "] Approve? Restart nginx after config change");
        String body = String.valueOf(m.getContent()).replace("\r\n", "\n");
        assertThat(body).contains("[action 1 of 1] run systemctl restart nginx\n[end of action 1 of 1]").contains("Actions hash: " + r.actionHash())
                .contains("https://clawdbot.example/broker/approve?request=" + r.id()).contains("Risk: medium");
        assertThat(code(m)).matches("[A-Z2-9]{4}-[A-Z2-9]{6}");
    }

    @Test
    void replyWithTheCodeQuotedAndASignatureApprovesAndRunsTheAction() throws Exception {
        RequestView r = submit("a");
        MimeMessage sent = mail.approvalMail(r.id());
        String quoted = String.valueOf(sent.getContent()).lines().map(l -> "> " + l).reduce("", (a, b) -> a + b + "\n");
        mail.reply(MailFixture.OPERATOR, "Re: " + sent.getSubject(), sent.getMessageID(),
                "Ja, ga je gang.\n\n-- \nOperator\n\nOp 23 nov. 2026 om 09:00 schreef broker:\n" + quoted, "<reply-1@example.org>", List.of());
        assertThat(poller.pollOnce()).isEqualTo(1);
        f.broker.runOnce();
        assertThat(f.executed).containsExactly("run systemctl restart nginx");
        assertThat(f.broker.find(r.id()).orElseThrow().state()).isEqualTo(RequestState.DONE);
        assertThat(f.broker.find(r.id()).orElseThrow().approvedBy()).isEqualTo("email:" + MailFixture.OPERATOR);
    }

    @Test
    void trustedAuthenticationResultsAloneIsProofAndTheTextIsInterpreted() throws Exception {
        RequestView r = submit("a");
        mail.reply(MailFixture.OPERATOR, "Re: [clawdbot " + r.token() + "] Approve?", null, "No, not today.", "<reply-2@example.org>",
                List.of(Map.entry("Authentication-Results", TRUSTED + "; dkim=pass header.d=example.org header.s=sel; spf=pass smtp.mailfrom=op@example.org")));
        assertThat(poller.pollOnce()).isEqualTo(1);
        assertThat(f.broker.find(r.id()).orElseThrow().state()).isEqualTo(RequestState.DENIED);
    }

    @Test
    void spoofedApprovalsAreRefused() throws Exception {
        RequestView a = submit("a");
        RequestView b = submit("b");
        String codeA = code(mail.approvalMail(a.id()));
        String subjectA = mail.approvalMail(a.id()).getSubject();
        // 1. Forged From: a stranger who somehow has the code.
        mail.reply("mallory@evil.example", "Re: " + subjectA, EmailOperatorChannel.rootMessageId(a.id()), "yes " + codeA, "<s1@evil.example>", List.of());
        // 2. Allowlisted From, no code, Authentication-Results from an untrusted authserv-id.
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, null, "yes", "<s2@evil.example>",
                List.of(Map.entry("Authentication-Results", "mx.evil.example; dkim=pass header.d=example.org")));
        // 3. The trusted server's topmost header says fail; a spoofed "pass" under the trusted name sits lower down.
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, null, "yes", "<s3@evil.example>", List.of(
                Map.entry("Authentication-Results", TRUSTED + "; dkim=fail header.d=example.org; spf=softfail smtp.mailfrom=example.org"),
                Map.entry("Authentication-Results", TRUSTED + "; dkim=pass header.d=example.org")));
        // 4. Trusted pass, but for another domain than From (unaligned).
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, null, "yes", "<s4@evil.example>",
                List.of(Map.entry("Authentication-Results", TRUSTED + "; dkim=pass header.d=evil.example")));
        // 5. A's code used to answer B.
        mail.reply(MailFixture.OPERATOR, "Re: [clawdbot " + b.token() + "] Approve?", EmailOperatorChannel.rootMessageId(b.id()), "yes " + codeA, "<s5@evil.example>", List.of());
        // 6. Reply to the wrong request: A's token in the subject, B in In-Reply-To.
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, EmailOperatorChannel.rootMessageId(b.id()), "yes " + codeA, "<s6@evil.example>", List.of());
        // 7. No code and no Authentication-Results at all.
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, null, "yes please", "<s7@evil.example>", List.of());
        int accepted = poller.pollOnce();
        assertThat(accepted).as(f.events.events.toString()).isZero();
        assertThat(f.events.ofType("broker.approval.rejected")).hasSize(7);
        assertThat(f.broker.find(a.id()).orElseThrow().state()).isEqualTo(RequestState.AWAITING_OPERATOR);
        assertThat(f.broker.find(b.id()).orElseThrow().state()).isEqualTo(RequestState.AWAITING_OPERATOR);

        // The genuine reply works; replaying it (same Message-ID) or reusing its code later does not.
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, EmailOperatorChannel.rootMessageId(a.id()), "question: why? " + codeA, "<q1@example.org>", List.of());
        f.model.script(req -> ScriptedRouter.text(req.system().contains("interpret")
                ? "{\"intent\":\"question\",\"question\":\"why?\"}" : "Because nginx needs the new config."));
        assertThat(poller.pollOnce()).isEqualTo(1);
        assertThat(f.broker.find(a.id()).orElseThrow().state()).isEqualTo(RequestState.QUESTION);
        f.broker.runOnce();
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, EmailOperatorChannel.rootMessageId(a.id()), "question: why? " + codeA, "<q1@example.org>", List.of());
        assertThat(poller.pollOnce()).isZero();
        assertThat(f.events.ofType("broker.approval.rejected").getLast().fields().get("reason")).isEqualTo("replayed message");
        f.model.script(req -> ScriptedRouter.text("{\"intent\":\"approve\"}"));
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, EmailOperatorChannel.rootMessageId(a.id()), "yes " + codeA, "<ok@example.org>", List.of());
        assertThat(poller.pollOnce()).isEqualTo(1);
        mail.reply(MailFixture.OPERATOR, "Re: " + subjectA, EmailOperatorChannel.rootMessageId(a.id()), "yes " + codeA, "<again@example.org>", List.of());
        assertThat(poller.pollOnce()).isZero();
        f.broker.runOnce();
        assertThat(f.executed).containsExactly("run systemctl restart nginx");
    }
}
