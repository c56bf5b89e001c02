package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.core.events.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the broker right after each state is committed (and at the other crash points: before the file
 * leaves the inbox, before the operator is asked, between claiming and running an action, before the
 * requester is told), re-creates it over the same database and spool, and checks it finishes correctly
 * with every action run at most once.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;
    BrokerFixture f;
    int crashes;

    @AfterEach
    void close() throws IOException {
        if (f != null) f.close();
    }

    enum Flow { APPROVE, QUESTION_THEN_APPROVE, DENY, CANCEL, EXPIRE, FAIL }

    @ParameterizedTest(name = "crash after {0} in flow {1}")
    @CsvSource({
            "received, APPROVE, done, 1",
            "assessing, APPROVE, done, 1",
            "awaiting_operator, APPROVE, done, 1",
            "approved, APPROVE, done, 1",
            "executing, APPROVE, done, 1",
            "done, APPROVE, done, 1",
            "question, QUESTION_THEN_APPROVE, done, 1",
            "denied, DENY, denied, 0",
            "cancelled, CANCEL, cancelled, 0",
            "expired, EXPIRE, expired, 0",
            "failed, FAIL, failed, 1"})
    void crashRightAfterEnteringAStateResumesCorrectly(String state, Flow flow, String expected, int runs) throws IOException {
        f = new BrokerFixture(dir);
        Predicate<Event> p = e -> e.type().equals("broker.request.transition") && e.fields().get("to").equals(state);
        if (state.equals("received")) p = e -> e.type().equals("broker.request.received");
        runWithCrash(p, flow);
        assertThat(crashes).as("the crash point was reached").isEqualTo(1);
        assertOutcome(expected, runs);
    }

    @Test
    void crashBeforeTheOperatorIsAskedAsksAfterRestart() throws IOException {
        f = new BrokerFixture(dir);
        AtomicInteger sends = new AtomicInteger();
        f.channel = new OperatorChannel() {
            public String name() {
                return "crashing";
            }

            public void send(ApprovalMessage n) {
                if (sends.getAndIncrement() == 0) throw new BrokerFixture.SimulatedCrash("died while e-mailing");
                f.notices.add(n);
            }
        };
        runWithCrash(null, Flow.APPROVE);
        assertOutcome("done", 1);
        assertThat(f.notices.getFirst()).isInstanceOf(ApprovalMessage.AskApproval.class);
    }

    @Test
    void crashBetweenClaimingAndRunningAnActionNeverRunsItAgain() throws IOException {
        f = new BrokerFixture(dir);
        runWithCrash(e -> e.type().equals("broker.action.started"), Flow.APPROVE);
        assertThat(crashes).isEqualTo(1);
        assertOutcome("failed", 0);
        assertThat(f.only().result()).contains("interrupted by a restart; not run again");
    }

    @Test
    void crashAfterTheFirstOfTwoActionsRunsOnlyTheSecond() throws IOException {
        f = new BrokerFixture(dir);
        runWithCrash(e -> e.type().equals("broker.action.finished") && e.fields().get("index").equals(0), Flow.APPROVE,
                ProposedAction.command("systemctl", "restart", "nginx"), ProposedAction.command("systemctl", "restart", "php-fpm"));
        assertThat(crashes).isEqualTo(1);
        assertThat(f.executed).containsExactly("run systemctl restart nginx", "run systemctl restart php-fpm");
        assertThat(f.only().state()).isEqualTo(RequestState.DONE);
    }

    private void runWithCrash(Predicate<Event> crashAfter, Flow flow, ProposedAction... actions) throws IOException {
        if (flow == Flow.FAIL) f.executor = (a, k) -> {
            f.executed.add(a.describe());
            return new ActionExecutor.Result(3, "boom");
        };
        f.crashAfter = crashAfter;
        f.open();
        f.drop("r.json", BrokerFixture.request(actions.length == 0 ? new ProposedAction[]{ProposedAction.command("systemctl", "restart", "nginx")} : actions));
        boolean asked = false;
        for (int step = 0; step < 30; step++) {
            try {
                f.broker.runOnce();
                List<RequestView> all = f.broker.list();
                if (all.isEmpty()) continue;
                RequestView r = all.getFirst();
                if (RequestState.TERMINAL.contains(r.state()) && f.bridged.size() == 1) return;
                if (r.state() == RequestState.AWAITING_OPERATOR) {
                    switch (flow) {
                        case APPROVE, FAIL -> f.broker.approve(r.id(), "cli:root", r.actionHash());
                        case QUESTION_THEN_APPROVE -> {
                            if (!asked) {
                                f.model.script(req -> ScriptedRouter.text(req.system().contains("interpret")
                                        ? "{\"intent\":\"question\",\"question\":\"why?\"}" : "Because."));
                                asked = true;
                                f.broker.operatorReply(r.id(), "email:op@example.org", "why?");
                            } else {
                                f.broker.approve(r.id(), "cli:root", r.actionHash());
                            }
                        }
                        case DENY -> f.broker.deny(r.id(), "cli:root", "no");
                        case CANCEL -> f.broker.cancel(r.id(), "requester:dakota", "not needed");
                        case EXPIRE -> f.clock.advance(Duration.ofHours(25));
                    }
                }
            } catch (BrokerFixture.SimulatedCrash crash) {
                crashes++;
                f.broker.close();
                f.open();
            }
        }
        throw new AssertionError("flow did not finish: " + f.broker.list());
    }

    private void assertOutcome(String expected, int runs) {
        RequestView r = f.only();
        assertThat(r.state().wire()).isEqualTo(expected);
        assertThat(f.executed).hasSize(runs);
        assertThat(f.bridged).as("the requester is told exactly once").hasSize(1);
        List<Object> entered = f.events.ofType("broker.request.transition").stream().map(e -> e.fields().get("to")).toList();
        // Only question <-> awaiting_operator may legitimately repeat.
        assertThat(entered.stream().filter(s -> !s.equals("awaiting_operator")).toList()).as("no state is entered twice").doesNotHaveDuplicates();
        assertThat(entered.stream().filter(s -> s.equals("awaiting_operator")).count()).isLessThanOrEqualTo(2);
    }
}
