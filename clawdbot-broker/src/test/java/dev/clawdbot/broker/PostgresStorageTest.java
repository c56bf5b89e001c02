package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.bridge.BridgeMessage;
import dev.clawdbot.broker.bridge.BridgeReceiver;
import dev.clawdbot.broker.bridge.BridgeSender;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.core.storage.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's and the bridge's storage on PostgreSQL: migrations, the state machine, the ledger and the replay cache. */
class PostgresStorageTest {

    @TempDir
    Path dir;

    @Test
    void approvalFlowAndReplayCacheOnPostgres() throws Exception {
        DatabaseSettings settings = SharedPostgres.freshDatabase("broker", 4);
        BrokerFixture f = new BrokerFixture(dir);
        try (Database db = Database.open(settings)) {
            f.db = db;
            f.broker = new RequestBroker(f.config(), db, f.model, f.executor, List.of(f.channel), f.notifier, f.events, f.clock);
            f.submit(ProposedAction.command("systemctl", "restart", "nginx"));
            RequestView r = f.only();
            assertThat(r.state()).isEqualTo(RequestState.AWAITING_OPERATOR);
            assertThat(f.broker.approve(r.id(), "cli:root", r.actionHash()).accepted()).isTrue();
            assertThat(f.broker.deny(r.id(), "cli:other", "late").accepted()).isFalse();
            f.broker.runOnce();
            assertThat(f.only().state()).isEqualTo(RequestState.DONE);
            assertThat(f.executed).hasSize(1);
            assertThat(f.broker.history(r.id())).hasSize(6);
            f.broker.keepTranscript(null, "adm_pg000001", "admin-bot", "{\"kind\":\"input\"}");
            f.broker.keepTranscript(r.id(), "adm_pg000002", "operator-email", "{\"kind\":\"assistant\"}");
            assertThat(f.broker.unattachedRuns(5)).singleElement().asString().contains("run adm_pg000001");
            assertThat(f.broker.runTranscript("adm_pg000002")).hasValueSatisfying(t -> assertThat(t).contains("request " + r.id()));
            assertThat(f.broker.transcripts(r.id())).hasSize(2);

            WebhookSecret secret = WebhookSecret.parse(WebhookSecret.generate());
            List<String> notes = new CopyOnWriteArrayList<>();
            BridgeReceiver receiver = new BridgeReceiver(List.of(secret), Duration.ofMinutes(5), 1000, db, (a, n) -> notes.add(n.text()), f.events, f.clock);
            BridgeMessage m = new BridgeSender(secret, x -> { }, f.clock, "broker").sign("dakota", "hi", null);
            assertThat(receiver.handle(m.headers(), m.body(), "dakota")).isEqualTo(204);
            assertThat(receiver.handle(m.headers(), m.body(), "dakota")).isEqualTo(409);
            assertThat(notes).containsExactly("hi");

            // Racing receivers on PostgreSQL: the primary key decides, exactly one delivery.
            BridgeMessage raced = new BridgeSender(secret, x -> { }, f.clock, "broker").sign("dakota", "raced", null);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Integer>> fs = new java.util.ArrayList<>();
                for (int i = 0; i < 12; i++) fs.add(pool.submit(() -> receiver.handle(raced.headers(), raced.body(), "dakota")));
                List<Integer> statuses = new java.util.ArrayList<>();
                for (var fu : fs) statuses.add(fu.get());
                assertThat(statuses).containsOnlyOnce(204).filteredOn(st -> st != 204).containsOnly(409);
            } finally {
                pool.shutdownNow();
            }
            assertThat(notes).containsExactly("hi", "raced");
        } finally {
            f.broker.close();
            f.db = null;
        }
    }
}
