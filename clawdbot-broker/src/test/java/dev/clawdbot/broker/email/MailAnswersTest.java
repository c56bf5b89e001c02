package dev.clawdbot.broker.email;

import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.broker.BrokerFixture;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 12 over real SMTP and IMAP (GreenMail): every mail the broker sends can be answered (a follow-up
 * carries the one-time code, and "yes" to it approves), and every operator mail it cannot act on (late, expired,
 * for no request, without proof) gets an answer saying why; strangers get nothing.
 */
class MailAnswersTest extends EmailBrokerTest {

    RequestView submit() throws Exception {
        f.drop("r.json", BrokerFixture.request(ProposedAction.command("systemctl", "restart", "nginx")));
        f.broker.runOnce();
        return f.only();
    }

    List<MimeMessage> toOperator(String subjectPart) throws Exception {
        return Arrays.stream(mail.mail.getReceivedMessagesForDomain("example.org")).filter(m -> {
            try {
                return m.getSubject().contains(subjectPart);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    static String body(MimeMessage m) throws Exception {
        return String.valueOf(m.getContent()).replace("\r\n", "\n");
    }

    static String code(String body) {
        Matcher c = Pattern.compile("one-time code[^:]*: ([A-Z2-9]{4}-[A-Z2-9]{6})", Pattern.CASE_INSENSITIVE).matcher(body);
        assertThat(c.find()).as(body).isTrue();
        return c.group(1);
    }

    @Test
    void aYesToTheAnswerOfAQuestionApproves() throws Exception {
        RequestView r = submit();
        MimeMessage ask = toOperator("Approve?").getFirst();
        f.model.script(req -> ScriptedRouter.text(req.system().contains("interpret")
                ? "{\"intent\":\"question\",\"question\":\"why root?\"}" : "Because nginx runs as root."));
        mail.reply(MailFixture.OPERATOR, "Re: " + ask.getSubject(), ask.getMessageID(), "why root? " + code(body(ask)), "<q@example.org>", List.of());
        assertThat(poller.pollOnce()).isEqualTo(1);
        f.broker.runOnce();
        MimeMessage answer = toOperator("Re: Restart nginx").getFirst();
        assertThat(body(answer)).contains("Because nginx runs as root.");
        String quoted = body(answer).lines().map(l -> "> " + l).reduce("", (a, b) -> a + b + "\n");
        f.model.script(req -> ScriptedRouter.text("{\"intent\":\"approve\"}"));
        mail.reply(MailFixture.OPERATOR, "Re: " + answer.getSubject(), answer.getMessageID(), "yes\n\n" + quoted, "<yes@example.org>", List.of());
        assertThat(poller.pollOnce()).as(f.events.events.toString()).isEqualTo(1);
        assertThat(f.broker.find(r.id()).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
    }

    @Test
    void aLateReplyToADeniedRequestIsAnsweredWithWhy() throws Exception {
        RequestView r = submit();
        MimeMessage ask = toOperator("Approve?").getFirst();
        String code = code(body(ask));
        f.broker.deny(r.id(), "cli:root", "not now");
        mail.reply(MailFixture.OPERATOR, "Re: " + ask.getSubject(), ask.getMessageID(), "yes " + code, "<late@example.org>", List.of());
        assertThat(poller.pollOnce()).isZero();
        assertThat(body(toOperator("Not acted on").getFirst())).contains("was not acted on").contains("is denied; it can no longer be decided by mail");
    }

    @Test
    void aReplyAfterExpiryIsAnsweredWithWhy() throws Exception {
        RequestView r = submit();
        MimeMessage ask = toOperator("Approve?").getFirst();
        String code = code(body(ask));
        f.clock.advance(Duration.ofHours(25));
        f.broker.runOnce();
        assertThat(f.broker.find(r.id()).orElseThrow().state()).isEqualTo(RequestState.EXPIRED);
        mail.reply(MailFixture.OPERATOR, "Re: " + ask.getSubject(), ask.getMessageID(), "yes " + code, "<expired@example.org>", List.of());
        assertThat(poller.pollOnce()).isZero();
        assertThat(body(toOperator("Not acted on").getFirst())).contains("is expired");
    }

    @Test
    void aReplyWithoutProofOrWithoutARequestIsAnsweredAndTheAnswerIsItselfAnswerable() throws Exception {
        RequestView r = submit();
        MimeMessage ask = toOperator("Approve?").getFirst();
        mail.reply(MailFixture.OPERATOR, "Re: " + ask.getSubject(), ask.getMessageID(), "yes", "<nocode@example.org>", List.of());
        mail.reply(MailFixture.OPERATOR, "restart it please", null, "yes", "<notoken@example.org>", List.of());
        mail.reply("mallory@evil.example", "Re: " + ask.getSubject(), ask.getMessageID(), "yes", "<stranger@evil.example>", List.of());
        assertThat(poller.pollOnce()).isZero();
        List<MimeMessage> answers = toOperator("Not acted on");
        assertThat(answers).hasSize(2);
        assertThat(mail.mail.getReceivedMessagesForDomain("evil.example")).as("strangers are never answered").isEmpty();
        MimeMessage noProof = answers.stream().filter(m -> {
            try {
                return m.getSubject().contains(r.token());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
        assertThat(body(noProof)).contains("no valid one-time code").contains("still waiting for your decision");
        assertThat(body(answers.stream().filter(m -> m != noProof).findFirst().orElseThrow())).contains("no request token or reference")
                .contains("clawdbot request list");
        f.model.script(req -> ScriptedRouter.text("{\"intent\":\"approve\"}"));
        mail.reply(MailFixture.OPERATOR, "Re: " + noProof.getSubject(), noProof.getMessageID(), "yes " + code(body(noProof)), "<again@example.org>", List.of());
        assertThat(poller.pollOnce()).isEqualTo(1);
        assertThat(f.broker.find(r.id()).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
    }
}
