package dev.clawdbot.siem.response;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.cli.SiemCommandRunner;
import dev.clawdbot.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The responses besides nftables, with real tools: iptables in a network namespace (own chain, lifted by the engine
 * at expiry), {@code usermod -L}/{@code -U} on a scratch user this test creates and removes, and a configured
 * program run from an argv.
 */
class HostResponsesTest {

    private static final String SCRATCH = "cbsiemtest";
    private static final ProcessRunner RUN = new ProcessRunner(Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private Database db;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T19:00:00Z"));

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("c.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @AfterAll
    static void removeScratchUser() {
        RUN.run(List.of("userdel", SCRATCH), null);
    }

    private ActiveResponse response(ResponseConfig c) {
        return new ActiveResponse(c, new BlockStore(db), events::add, clock);
    }

    @Test
    void iptablesFallbackUsesItsOwnChainAndTheEngineLiftsTheBlock() {
        try (Netns ns = Netns.create("cbipt")) {
            Assumptions.assumeTrue(ns.exec("iptables", "-w", "-n", "-L").exit() == 0, "iptables does not work in a namespace here");
            ResponseConfig c = new ResponseConfig("enforce", null, null, null, List.of("60s"), null, null, null, "iptables",
                    ns.prefix("iptables"), ns.prefix("ip6tables"), null, null);
            ActiveResponse r = response(c);
            assertThat(r.onAlert(880110, 10, List.of(), "198.51.100.7")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
            assertThat(r.onAlert(880110, 10, List.of(), "2001:db8::7")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
            assertThat(ns.must("iptables", "-w", "-S", "CLAWDBOT")).contains("-A CLAWDBOT -s 198.51.100.7/32 -j DROP");
            assertThat(ns.must("iptables", "-w", "-S", "INPUT")).contains("-A INPUT -j CLAWDBOT");
            assertThat(ns.must("ip6tables", "-w", "-S", "CLAWDBOT")).contains("-A CLAWDBOT -s 2001:db8::7/128 -j DROP");
            // An allowlisted or forged source never reaches iptables.
            assertThat(r.onAlert(880110, 10, List.of(), "127.0.0.1")).isEqualTo(ActiveResponse.Outcome.REFUSED);
            assertThat(r.onAlert(880110, 10, List.of(), "10.0.0.9 -j ACCEPT")).isEqualTo(ActiveResponse.Outcome.REFUSED);
            clock.advance(Duration.ofSeconds(30));
            assertThat(r.expire()).isZero();
            clock.advance(Duration.ofSeconds(31));
            assertThat(r.expire()).isEqualTo(2);
            assertThat(ns.must("iptables", "-w", "-S", "CLAWDBOT")).doesNotContain("198.51.100.7");
            assertThat(ns.must("ip6tables", "-w", "-S", "CLAWDBOT")).doesNotContain("2001:db8::7");
            assertThat(events).extracting(Event::type).containsSubsequence("siem.response.block", "siem.response.block", "siem.response.unblock");
        }
    }

    @Test
    void aUserIsLockedForItsTimeoutThenUnlockedAndSystemAccountsNever() {
        createScratchUser();
        assertThat(status()).isEqualTo("P");

        ResponseConfig c = new ResponseConfig("enforce", List.of(), null, null, List.of("10m"), null, null, null, null, null, null,
                List.of(880303), null);
        ActiveResponse r = response(c);
        r.onAlertActions(880303, 10, Map.of("srcuser", SCRATCH));
        assertThat(status()).isEqualTo("L");
        assertThat(events).filteredOn(e -> e.type().equals("siem.response.lock")).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("user", SCRATCH).containsEntry("timeoutSeconds", 600L));
        clock.advance(Duration.ofSeconds(601));
        assertThat(r.expire()).isEqualTo(1);
        assertThat(status()).isEqualTo("P");

        String rootBefore = status("root");
        r.onAlertActions(880303, 10, Map.of("srcuser", "root"));
        r.onAlertActions(880303, 10, Map.of("srcuser", "nosuchuser1"));
        r.onAlertActions(880303, 10, Map.of("srcuser", "bob;usermod -L root"));
        assertThat(events).filteredOn(e -> e.type().equals("siem.response.refused")).extracting(e -> e.fields().get("reason"))
                .containsExactly("system account (uid 0)", "no such user", "not a user name");
        assertThat(status("root")).isEqualTo(rootBefore);

        // Dry-run decides and records, but the account stays as it is.
        ActiveResponse dry = response(new ResponseConfig("dry-run", List.of(), null, null, List.of("10m"), null, null, null, null, null, null,
                List.of(880303), null));
        clock.advance(Duration.ofSeconds(10));
        dry.onAlertActions(880303, 10, Map.of("dstuser", SCRATCH));
        assertThat(status()).isEqualTo("P");
        assertThat(new BlockStore(db).responses(Instant.EPOCH)).extracting(BlockStore.Response::action).contains("lock", "unblock", "refused");
    }

    @Test
    void blocksUnblockLiftsAUserLockEarly() {
        createScratchUser();
        ActiveResponse r = response(new ResponseConfig("enforce", List.of(), null, null, List.of("1h"), null, null, null, null, null, null,
                List.of(880303), null));
        r.onAlertActions(880303, 10, Map.of("srcuser", SCRATCH));
        assertThat(status()).isEqualTo("L");
        AlertStore alerts = new AlertStore(db);
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list").out()).startsWith("user:" + SCRATCH + "\texpires 2026-12-07T20:00:00Z");

        SiemCommandRunner.Result un = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "user:" + SCRATCH);
        assertThat(un.exit()).as(un.err()).isZero();
        assertThat(un.out()).isEqualTo("unblocked user:" + SCRATCH + "\n");
        assertThat(status()).as("usermod -U ran").isEqualTo("P");
        assertThat(events.getLast().fields()).containsEntry("address", "user:" + SCRATCH).containsEntry("reason", "operator");
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list").out()).isEqualTo("no active blocks\n");
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "user:" + SCRATCH).exit()).isEqualTo(1);
        SiemCommandRunner.Result bad = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "user:bob;usermod -L root");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("does not name a valid user");
        // Lifted early, the expiry later has nothing left to do.
        clock.advance(Duration.ofHours(2));
        assertThat(r.expire()).isZero();
    }

    @Test
    void aConfiguredProgramRunsFromAnArgvWithCheckedValues() throws IOException {
        Path out = dir.resolve("out");
        Path script = dir.resolve("respond.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s|' \"$@\" > " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ResponseConfig.ProgramResponse p = new ResponseConfig.ProgramResponse(List.of(880110), List.of(script.toString(), "{srcip}", "{rule}", "{level}", "--"));
        ActiveResponse r = response(new ResponseConfig("enforce", List.of(), null, null, null, null, null, null, null, null, null, null, p));
        r.onAlertActions(880110, 10, Map.of("srcip", "203.0.113.9"));
        assertThat(Files.readString(out)).isEqualTo("203.0.113.9|880110|10|--|");
        Files.delete(out);
        r.onAlertActions(880110, 10, Map.of("srcip", "203.0.113.9 $(reboot)"));
        assertThat(out).doesNotExist();
        assertThat(events).extracting(Event::type).containsExactly("siem.response.program", "siem.response.refused");
        assertThat(events.getFirst().fields()).containsEntry("exit", 0).containsEntry("dryRun", false);
    }

    /** A fresh scratch account with a usable password (skips the test when not root or when useradd fails). */
    private static void createScratchUser() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "locking a user needs root");
        RUN.run(List.of("userdel", SCRATCH), null);
        ProcessRunner.Result add = RUN.run(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", SCRATCH), null);
        Assumptions.assumeTrue(add.ok(), () -> "useradd failed: " + add.output());
        assertThat(RUN.run(List.of("chpasswd"), SCRATCH + ":correct-horse-battery\n").ok()).isTrue();
    }

    private static String status() {
        return status(SCRATCH);
    }

    /** The second field of {@code passwd -S}: L locked, P usable password, NP none. */
    private static String status(String user) {
        ProcessRunner.Result r = RUN.run(List.of("passwd", "-S", user), null);
        return r.output().split(" ")[1];
    }
}
