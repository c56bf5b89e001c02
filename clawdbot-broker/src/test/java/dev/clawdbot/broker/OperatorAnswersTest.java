package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.ApprovalQuestion;
import dev.clawdbot.core.approval.OperatorAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A channel's proven answer through the core seam: bound to the request id and the exact-action hash the question showed. */
class OperatorAnswersTest {

    @TempDir
    Path dir;
    BrokerFixture f;

    private ApprovalQuestion asked() throws IOException {
        f = new BrokerFixture(dir);
        f.open();
        f.submit(ProposedAction.command("systemctl", "restart", "nginx"));
        return ((ApprovalMessage.AskApproval) f.notices.getFirst()).question();
    }

    @Test
    void theQuestionShowsTheExactActionsAndBindsToTheirHash() throws IOException {
        ApprovalQuestion q = asked();
        RequestView r = f.only();
        assertThat(q.request().binding()).isEqualTo(r.id() + " " + r.actionHash());
        assertThat(q.options()).containsExactly(ApprovalQuestion.APPROVE, ApprovalQuestion.DENY);
        assertThat(q.textOnly().complete()).isTrue();
        assertThat(q.textOnly().text()).contains("Exact actions (1), actions hash " + r.actionHash(), "[action 1 of 1] run systemctl restart nginx");
        assertThat(q.withAttachments().attachments()).isEmpty();
    }

    @Test
    void aButtonApprovesOnlyTheHashItWasBoundTo() throws IOException {
        ApprovalQuestion q = asked();
        String id = q.request().id();
        String stale = f.broker.answer(new OperatorAnswer.Choice(id + " " + "0".repeat(64), "telegram:42", "Telegram", ApprovalQuestion.APPROVE));
        assertThat(stale).contains("do not match hash");
        assertThat(f.only().state()).isEqualTo(RequestState.AWAITING_OPERATOR);

        String ok = f.broker.answer(new OperatorAnswer.Choice(q.request().binding(), "telegram:42", "Telegram", ApprovalQuestion.APPROVE));
        assertThat(ok).startsWith("approved " + id);
        assertThat(f.only().state()).isEqualTo(RequestState.APPROVED);
        assertThat(f.only().approvedBy()).isEqualTo("telegram:42");
    }

    @Test
    void denyIsRecordedWithTheChannelThatAskedAndBindingsOfNoRequestAreRefused() throws IOException {
        ApprovalQuestion q = asked();
        assertThat(f.broker.answer(new OperatorAnswer.Choice("not a binding", "telegram:42", "Telegram", ApprovalQuestion.APPROVE)))
                .isEqualTo("This button does not belong to a broker request.");
        assertThat(f.broker.answer(new OperatorAnswer.Reply("req_1 abc", "telegram:42", "Telegram", "yes")))
                .isEqualTo("That message does not belong to a broker request.");
        assertThat(f.broker.answer(new OperatorAnswer.Reply(q.request().id() + " " + "f".repeat(64), "telegram:42", "Telegram", "yes")))
                .isEqualTo("Request " + q.request().id() + " no longer matches the question you replied to.");

        assertThat(f.broker.answer(new OperatorAnswer.Choice(q.request().binding(), "telegram:42", "Telegram", ApprovalQuestion.DENY)))
                .isEqualTo("denied " + q.request().id());
        assertThat(f.only().state()).isEqualTo(RequestState.DENIED);
        assertThat(f.broker.history(q.request().id())).anyMatch(h -> h.contains("by telegram:42: denied on Telegram"));
    }
}
