package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ExecutionConfig;
import dev.clawdbot.broker.HostConfig;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.BrokerFixture;
import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.core.events.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker with the dispatcher built from configuration, executing on a managed host over SSH: approved
 * actions run there exactly once, through crashes at the execution points, and a host with the wrong
 * pinned key runs nothing and fails the request.
 */
class RemoteDispatchTest {

    @AutoClose
    static TestSshServer server;
    @TempDir
    Path dir;
    BrokerFixture f;

    @BeforeAll
    static void start() throws Exception {
        server = new TestSshServer();
    }

    @AfterEach
    void close() throws IOException {
        if (f != null) f.close();
    }

    void fixture(String fingerprint) {
        f = new BrokerFixture(dir);
        HostConfig web1 = new HostConfig("127.0.0.1", server.port(), TestSshServer.USER, server.clientPrivateKey(), null, fingerprint, null,
                Duration.ofSeconds(5), null, dir.resolve("markers").toString());
        BrokerConfig c = new BrokerConfig(dir.resolve("spool"), null, null, null, WebhookSecret.generate(), null, null, null, null, null,
                Map.of("web1", web1), new ExecutionConfig(Duration.ofSeconds(20), null, dir.resolve("no.sock"), null, null));
        f.executor = ActionDispatcher.create(c, f.events, f.clock)::execute;
    }

    ProposedAction append() {
        return new ProposedAction.Command("web1", List.of("sh", "-c", "echo ran >> \"$1\"", "sh", dir.resolve("count").toString()));
    }

    long runs() throws IOException {
        return Files.exists(dir.resolve("count")) ? Files.readAllLines(dir.resolve("count")).size() : 0;
    }

    @Test
    void approvedRemoteActionsRunOnceAcrossACrashAfterTheFirst() throws Exception {
        fixture(server.fingerprint());
        ProposedAction write = new ProposedAction.File("web1", dir.resolve("motd").toString(), ProposedAction.File.Operation.WRITE, "hello\n", "0644");
        int crashes = run(e -> e.type().equals("broker.action.finished") && e.fields().get("index").equals(0), append(), write);
        assertThat(crashes).isEqualTo(1);
        assertThat(f.only().state()).isEqualTo(RequestState.DONE);
        assertThat(runs()).isEqualTo(1);
        assertThat(dir.resolve("motd")).hasContent("hello");
    }

    @Test
    void aCrashBetweenClaimAndRunNeverRunsTheRemoteCommand() throws Exception {
        fixture(server.fingerprint());
        run(e -> e.type().equals("broker.action.started"), append());
        assertThat(f.only().state()).isEqualTo(RequestState.FAILED);
        assertThat(runs()).isZero();
    }

    @Test
    void aWrongHostKeyFailsTheRequestAndRunsNothing() throws Exception {
        fixture(org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(TestSshServer.ecKey().getPublic()));
        run(null, append());
        RequestView r = f.only();
        assertThat(r.state()).isEqualTo(RequestState.FAILED);
        assertThat(r.result()).contains("refused: host web1").contains("nothing was executed");
        assertThat(runs()).isZero();
        assertThat(f.events.ofType("broker.exec.hostkey.refused")).hasSize(1);
    }

    private int run(Predicate<Event> crashAfter, ProposedAction... actions) throws IOException {
        f.crashAfter = crashAfter;
        f.open();
        f.drop("r.json", new HostChangeRequest("dakota", "Remote work", "needed", List.of(actions), null));
        int crashes = 0;
        for (int step = 0; step < 20; step++) {
            try {
                f.broker.runOnce();
                if (f.broker.list().isEmpty()) continue;
                RequestView r = f.only();
                if (RequestState.TERMINAL.contains(r.state())) return crashes;
                if (r.state() == RequestState.AWAITING_OPERATOR) f.broker.approve(r.id(), "cli:root", r.actionHash());
            } catch (BrokerFixture.SimulatedCrash crash) {
                crashes++;
                f.broker.close();
                f.open();
            }
        }
        throw new AssertionError("did not finish: " + f.broker.list());
    }
}
