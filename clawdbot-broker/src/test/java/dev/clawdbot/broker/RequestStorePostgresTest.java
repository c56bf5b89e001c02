package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.core.storage.DatabaseSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Racing writers on PostgreSQL (READ COMMITTED, two pools): a state move is decided by the compare-and-set on the
 * stored state, and an action key is claimed by one insert; every loser gets false, not an exception or a second row.
 */
class RequestStorePostgresTest {

    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void racingMovesAndClaimsHaveExactlyOneWinner() throws Exception {
        DatabaseSettings settings = SharedPostgres.freshDatabase("broker", 8);
        try (Database a = Database.open(settings); Database b = Database.open(settings)) {
            RequestStore store = new RequestStore(a);
            RequestStore other = new RequestStore(b);
            store.insert("req_race", "k", new HostChangeRequest("dakota", "s", "r", List.of(ProposedAction.command("true")),
                    HostChangeRequest.Urgency.NORMAL), "CB-R", "otp", T, T.plusSeconds(600), null, "test");
            store.transition("req_race", Set.of(RequestState.RECEIVED), RequestState.ASSESSING, "t", "x", T, Map.of());
            store.transition("req_race", Set.of(RequestState.ASSESSING), RequestState.AWAITING_OPERATOR, "t", "x", T, Map.of());

            List<Boolean> moved = race(16, i -> (i % 2 == 0 ? store : other).transition("req_race", RequestState.OPEN_FOR_OPERATOR,
                    i % 4 < 2 ? RequestState.APPROVED : RequestState.DENIED, "op" + i, "answer " + i, T, Map.of("result", "answer " + i)));
            assertThat(moved).containsOnlyOnce(true);
            assertThat(store.transitions("req_race")).extracting(RequestStore.Transition::from)
                    .containsExactly(null, RequestState.RECEIVED, RequestState.ASSESSING, RequestState.AWAITING_OPERATOR);

            ExecutionLedger ledger = new ExecutionLedger(a);
            ExecutionLedger ledger2 = new ExecutionLedger(b);
            List<Boolean> claimed = race(16, i -> (i % 2 == 0 ? ledger : ledger2).start("req_race:0:h", "req_race", 0, "h", T));
            assertThat(claimed).containsOnlyOnce(true);

            List<Boolean> consumed = race(16, i -> (i % 2 == 0 ? store : other).consumeOperatorMessage("<m@x>", "req_race", T));
            assertThat(consumed).containsOnlyOnce(true);
        }
    }

    interface Attempt {
        boolean run(int i) throws Exception;
    }

    private static List<Boolean> race(int n, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<Boolean> c = () -> {
                    go.await();
                    return attempt.run(k);
                };
                futures.add(pool.submit(c));
            }
            go.countDown();
            List<Boolean> out = new ArrayList<>();
            for (Future<Boolean> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
