package dev.clawdbot.channels.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.channels.telegram.PairingStore;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PairingCommandTest {
    @TempDir
    Path dir;
    Database db;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    PairingStore store;
    StringWriter out = new StringWriter(), err = new StringWriter();

    @BeforeEach
    void setUp() {
        db = Database.sqlite(dir.resolve("db.sqlite"));
        store = new PairingStore(db, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    int run(String... args) {
        CommandLine cl = new CommandLine(new PairingCommand(() -> Opened.of(store)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void listsAndApprovesCodes() {
        String code = store.request("bot1", 6666, 6666, "Mallory").orElseThrow();
        assertThat(run("list")).isZero();
        assertThat(out.toString()).contains(code).contains("user 6666");
        assertThat(run("approve", code)).isZero();
        assertThat(out.toString()).contains("Approved Telegram user 6666");
        assertThat(store.approvedUsers("bot1")).containsExactly(6666L);
        assertThat(run("approve", code)).isEqualTo(1);
        assertThat(err.toString()).contains("No pending pairing request");
    }

    @Test
    void codesExpireAfterAnHourAndAtMostThreeArePending() {
        String code = store.request("bot1", 1, 1, "a").orElseThrow();
        assertThat(store.request("bot1", 2, 2, "b")).isPresent();
        assertThat(store.request("bot1", 3, 3, "c")).isPresent();
        assertThat(store.request("bot1", 4, 4, "d")).isEmpty();
        assertThat(store.request("bot1", 1, 1, "a")).contains(code);
        clock.set(clock.instant().plus(Duration.ofMinutes(61)));
        assertThat(run("approve", code)).isEqualTo(1);
        assertThat(err.toString()).contains("expired");
        assertThat(store.approvedUsers("bot1")).isEmpty();
        assertThat(store.request("bot1", 4, 4, "d")).isPresent();
    }

    /** Issue 11 item 13: a paired user can be revoked, and approval and revocation are events. */
    @Test
    void aPairedUserIsRevokedAndBothStepsAreEvents() {
        java.util.List<dev.clawdbot.core.events.Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        store = new PairingStore(db, clock, events::add);
        String code = store.request("bot1", 6666, 6666, "Mallory").orElseThrow();
        assertThat(run("approve", code)).isZero();
        assertThat(run("list")).isZero();
        assertThat(out.toString()).contains("user 6666  bot bot1");
        assertThat(run("revoke", "6666")).isZero();
        assertThat(out.toString()).contains("Revoked Telegram user 6666");
        assertThat(store.approvedUsers("bot1")).isEmpty();
        assertThat(run("revoke", "6666")).isEqualTo(1);
        assertThat(err.toString()).contains("was not approved by pairing");
        assertThat(events).extracting(dev.clawdbot.core.events.Event::type).containsExactly("telegram.pairing.approved", "telegram.pairing.revoked");
        assertThat(events.getFirst().fields()).containsEntry("userId", 6666L).containsEntry("bot", "bot1");
        assertThat(events.getFirst().actor()).isEqualTo("cli");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("approve")).isEqualTo(2);
    }
}
