package dev.clawdbot.siem;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.rules.Ruleset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SiemRoleTest {

    @TempDir
    Path dir;

    private Database db;
    private AlertStore store;
    private final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    private final List<Event> emitted = new CopyOnWriteArrayList<>();
    private final OperatorNotifier notifier = notices::add;
    private SiemRole role;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        store = new AlertStore(db);
    }

    @AfterEach
    void close() {
        if (role != null) role.close();
        db.close();
    }

    private SiemRole role(List<String> files, int queueSize) {
        SiemConfig c = new SiemConfig(true, List.of(), files, 3, 10, queueSize, 50, true, null);
        return new SiemRole(c, Ruleset.shipped(), store, notifier, emitted::add, Clock.systemUTC(), "test-host");
    }

    private static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void bruteForceInAFollowedFileIsStoredAndReachesTheOperator() throws IOException {
        Path log = dir.resolve("auth.log");
        role = role(List.of(log.toString()), 1000);
        role.start();
        // Lines written before the first pass would be history (followed from the end); wait for it.
        await().atMost(Duration.ofSeconds(20)).until(() -> role.pollCycles() > 0);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) lines.append("Dec  7 19:44:38 web1 sshd[4121]: Failed password for root from 203.0.113.9 port 5123").append(i).append(" ssh2\n");
        append(log, lines.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> notices.size() >= 1);
        OperatorNotice n = notices.getFirst();
        assertThat(n.source()).isEqualTo("siem");
        assertThat(n.level()).isEqualTo(10);
        assertThat(n.subject()).contains("880110", "brute force from 203.0.113.9");
        assertThat(n.dedupKey()).isEqualTo("siem:880110:203.0.113.9");
        List<AlertStore.StoredAlert> alerts = store.query(Instant.EPOCH, 0, 100);
        assertThat(alerts).extracting(AlertStore.StoredAlert::ruleId).containsExactly(880102, 880102, 880102, 880102, 880102, 880110);
        assertThat(alerts.getLast().json()).contains("\"id\":\"880110\"", "\"location\":\"" + log + "\"");
        assertThat(store.query(Instant.EPOCH, 10, 100)).hasSize(1);
    }

    @Test
    void warmUpEmitsNothingAndLeavesNoCorrelationState() throws IOException {
        Path log = dir.resolve("auth.log");
        role = role(List.of(log.toString()), 1000);
        role.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> role.warmUpLines() > 0 && role.pollCycles() > 0);
        // The samples hold thousands of failures from 203.0.113.x, enough to trip 880110 many times over.
        assertThat(role.analysed()).isZero();
        assertThat(store.query(Instant.EPOCH, 0, 100)).isEmpty();
        assertThat(notices).isEmpty();
        assertThat(emitted).noneMatch(e -> e.type().startsWith("siem."));
        StringBuilder five = new StringBuilder();
        for (int i = 0; i < 5; i++) five.append("Dec  7 19:44:38 web1 sshd[4121]: Failed password for root from 203.0.113.9 port 5123").append(i).append(" ssh2\n");
        append(log, five.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> role.analysed() == 5);
        // Had the warm-up left frequency history behind, the first of these would already be a brute force.
        assertThat(store.query(Instant.EPOCH, 0, 100)).extracting(AlertStore.StoredAlert::ruleId).containsExactly(880102, 880102, 880102, 880102, 880102);
        assertThat(notices).isEmpty();
        append(log, "Dec  7 19:44:39 web1 sshd[4121]: Failed password for root from 203.0.113.9 port 51240 ssh2\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> notices.size() == 1);
        assertThat(notices.getFirst().subject()).contains("880110", "brute force from 203.0.113.9");
    }

    @Test
    void offsetsPersistAcrossARestart() throws IOException {
        Path log = dir.resolve("auth.log");
        role = role(List.of(log.toString()), 1000);
        role.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> role.pollCycles() > 0);
        append(log, "Dec  7 19:44:38 web1 sudo[1]:    mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> store.query(Instant.EPOCH, 0, 10).size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !store.offsets().isEmpty());
        role.close();
        append(log, "Dec  7 19:44:39 web1 useradd[2]: new user: name=eve, UID=1002, GID=1002, home=/home/eve, shell=/bin/bash\n");
        role = role(List.of(log.toString()), 1000);
        role.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> store.query(Instant.EPOCH, 0, 10).size() == 2);
        assertThat(store.query(Instant.EPOCH, 0, 10)).extracting(AlertStore.StoredAlert::ruleId).containsExactly(880303, 880401);
    }

    @Test
    void ownEventsAreAnalysedInProcess() {
        role = role(List.of(), 1000);
        role.start();
        role.emit(new Event(Instant.now(), "bridge.rejected", 10, "bridge", Event.pairs("agent", "ops", "status", 401, "reason", "bad signature")));
        role.emit(new Event(Instant.now(), "siem.dropped", 10, "siem", Event.pairs("lines", 3)));
        await().atMost(Duration.ofSeconds(20)).until(() -> notices.size() >= 1);
        assertThat(notices.getFirst().subject()).contains("880810", "signature verification failed for agent ops");
        assertThat(store.query(Instant.EPOCH, 0, 10)).hasSize(1);
    }

    @Test
    void aFullQueueDropsCountsAndAlerts() {
        role = role(List.of(), 16);
        role.startReaders();
        for (int i = 0; i < 100; i++) role.emit(new Event(Instant.now(), "sandbox.exec", 2, "sandbox", Event.pairs("program", "ls")));
        assertThat(role.dropped()).isEqualTo(84);
        role.startEngine();
        await().atMost(Duration.ofSeconds(20)).until(() -> role.analysed() == 16);
        await().atMost(Duration.ofSeconds(20)).until(() -> notices.stream().anyMatch(n -> n.dedupKey().equals("siem:dropped")));
        assertThat(notices).filteredOn(n -> n.dedupKey().equals("siem:dropped")).singleElement()
                .satisfies(n -> assertThat(n.subject()).isEqualTo("SIEM dropped 84 log lines (queue full)"));
        assertThat(emitted).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("siem.dropped");
            assertThat(e.fields()).containsEntry("lines", 84L);
        });
    }
}
