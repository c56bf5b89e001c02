package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.core.outbox.Lifecycle;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.clawdbot.broker.request.RequestState.APPROVED;
import static dev.clawdbot.broker.request.RequestState.ASSESSING;
import static dev.clawdbot.broker.request.RequestState.AWAITING_OPERATOR;
import static dev.clawdbot.broker.request.RequestState.CANCELLED;
import static dev.clawdbot.broker.request.RequestState.DENIED;
import static dev.clawdbot.broker.request.RequestState.DONE;
import static dev.clawdbot.broker.request.RequestState.EXECUTING;
import static dev.clawdbot.broker.request.RequestState.EXPIRED;
import static dev.clawdbot.broker.request.RequestState.FAILED;
import static dev.clawdbot.broker.request.RequestState.QUESTION;
import static dev.clawdbot.broker.request.RequestState.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request lifecycle as a closed set of moves, and the store and ledger that refuse every other move. */
class RequestStateTest {

    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    /** A legal way from RECEIVED to each state. */
    static final Map<RequestState, List<RequestState>> PATH = Map.ofEntries(
            Map.entry(RECEIVED, List.of()),
            Map.entry(ASSESSING, List.of(ASSESSING)),
            Map.entry(AWAITING_OPERATOR, List.of(ASSESSING, AWAITING_OPERATOR)),
            Map.entry(QUESTION, List.of(ASSESSING, AWAITING_OPERATOR, QUESTION)),
            Map.entry(APPROVED, List.of(ASSESSING, APPROVED)),
            Map.entry(EXECUTING, List.of(ASSESSING, APPROVED, EXECUTING)),
            Map.entry(DONE, List.of(ASSESSING, APPROVED, EXECUTING, DONE)),
            Map.entry(FAILED, List.of(ASSESSING, APPROVED, EXECUTING, FAILED)),
            Map.entry(DENIED, List.of(ASSESSING, AWAITING_OPERATOR, DENIED)),
            Map.entry(EXPIRED, List.of(ASSESSING, AWAITING_OPERATOR, EXPIRED)),
            Map.entry(CANCELLED, List.of(CANCELLED)));

    @TempDir
    Path dir;

    @Test
    void everyLegalMoveIsListedAndEveryOtherIsRefused() {
        assertThat(Lifecycle.moves(RequestState.class)).isEqualTo(Map.ofEntries(
                Map.entry(RECEIVED, Set.of(ASSESSING, CANCELLED)),
                Map.entry(ASSESSING, Set.of(APPROVED, AWAITING_OPERATOR, CANCELLED)),
                Map.entry(AWAITING_OPERATOR, Set.of(QUESTION, APPROVED, DENIED, EXPIRED, CANCELLED)),
                Map.entry(QUESTION, Set.of(QUESTION, AWAITING_OPERATOR, APPROVED, DENIED, EXPIRED, CANCELLED)),
                Map.entry(APPROVED, Set.of(EXECUTING, FAILED, CANCELLED)),
                Map.entry(EXECUTING, Set.of(DONE, FAILED)),
                Map.entry(DONE, Set.of()), Map.entry(FAILED, Set.of()), Map.entry(DENIED, Set.of()),
                Map.entry(EXPIRED, Set.of()), Map.entry(CANCELLED, Set.of())));
        assertThat(RequestState.TERMINAL).allMatch(RequestState::isFinal);
        for (RequestState s : RequestState.values()) assertThat(RequestState.fromWire(s.wire())).isEqualTo(s);
        assertThat(AWAITING_OPERATOR.wire()).isEqualTo("awaiting_operator");
    }

    @Test
    void theStoreMakesEveryLegalMoveAndRefusesEveryIllegalOneWithoutWriting() {
        try (Database db = Database.sqlite(dir.resolve("b.db"))) {
            RequestStore store = new RequestStore(db);
            HostChangeRequest request = new HostChangeRequest("dakota", "restart nginx", "it hangs",
                    List.of(ProposedAction.command("systemctl", "restart", "nginx")), HostChangeRequest.Urgency.NORMAL);
            int n = 0;
            for (RequestState from : RequestState.values()) {
                for (RequestState to : RequestState.values()) {
                    String id = "req_" + n++;
                    assertThat(store.insert(id, "intake-" + id, request, "CB-" + id, "otp", T, T.plusSeconds(3600), null, "test")).isTrue();
                    RequestState at = RECEIVED;
                    for (RequestState step : PATH.get(from)) {
                        assertThat(store.transition(id, Set.of(at), step, "test", "setup", T, Map.of())).isTrue();
                        at = step;
                    }
                    int logged = store.transitions(id).size();
                    if (from.canMoveTo(to)) {
                        assertThat(store.transition(id, Set.of(from), to, "test", "move", T, Map.of())).as(from + " -> " + to).isTrue();
                        assertThat(store.find(id).orElseThrow().state()).isEqualTo(to);
                        assertThat(store.transitions(id)).hasSize(logged + 1);
                    } else {
                        assertThatThrownBy(() -> store.transition(id, Set.of(from), to, "test", "move", T, Map.of("result", "x")))
                                .as(from + " -> " + to).isInstanceOf(IllegalStateException.class);
                        assertThat(store.find(id).orElseThrow().state()).isEqualTo(from);
                        assertThat(store.find(id).orElseThrow().result()).isNull();
                        assertThat(store.transitions(id)).hasSize(logged);
                    }
                }
            }
        }
    }

    @Test
    void aTransitionFromAStateTheRequestHasLeftLosesAndWritesNothing() {
        try (Database db = Database.sqlite(dir.resolve("c.db"))) {
            RequestStore store = new RequestStore(db);
            HostChangeRequest request = new HostChangeRequest("dakota", "s", "r", List.of(ProposedAction.command("true")), HostChangeRequest.Urgency.NORMAL);
            store.insert("req_a", "k", request, "CB-A", "otp", T, T.plusSeconds(60), null, "test");
            assertThat(store.transition("req_a", Set.of(RECEIVED), CANCELLED, "op1", "first", T, Map.of())).isTrue();
            assertThat(store.transition("req_a", Set.of(RECEIVED), ASSESSING, "op2", "second", T, Map.of())).isFalse();
            assertThat(store.transitions("req_a")).extracting(RequestStore.Transition::to).containsExactly(RECEIVED, CANCELLED);
        }
    }

    @Test
    void theLedgerEndsAStartedActionOnceAndClaimsEachKeyOnce() {
        assertThat(Lifecycle.moves(ExecutionLedger.State.class)).isEqualTo(Map.of(
                ExecutionLedger.State.STARTED, Set.of(ExecutionLedger.State.DONE, ExecutionLedger.State.FAILED, ExecutionLedger.State.INTERRUPTED),
                ExecutionLedger.State.DONE, Set.of(), ExecutionLedger.State.FAILED, Set.of(), ExecutionLedger.State.INTERRUPTED, Set.of()));
        try (Database db = Database.sqlite(dir.resolve("l.db"))) {
            RequestStore store = new RequestStore(db);
            store.insert("req_l", "k", new HostChangeRequest("dakota", "s", "r", List.of(ProposedAction.command("true")), HostChangeRequest.Urgency.NORMAL),
                    "CB-L", "otp", T, T.plusSeconds(60), null, "test");
            ExecutionLedger ledger = new ExecutionLedger(db);
            assertThat(ledger.start("req_l:0", "req_l", 0, "h", T)).isTrue();
            assertThat(ledger.start("req_l:0", "req_l", 0, "h", T)).isFalse();
            assertThatThrownBy(() -> ledger.finish("req_l:0", ExecutionLedger.State.STARTED, null, null, T)).isInstanceOf(IllegalStateException.class);
            assertThat(ledger.finish("req_l:0", ExecutionLedger.State.DONE, 0, "ok", T)).isTrue();
            assertThat(ledger.finish("req_l:0", ExecutionLedger.State.INTERRUPTED, null, "late", T)).isFalse();
            assertThat(ledger.state("req_l:0")).isEqualTo(ExecutionLedger.State.DONE);
            assertThat(ledger.count("req_l", ExecutionLedger.State.DONE)).isEqualTo(1);
        }
    }
}
