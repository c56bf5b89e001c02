package dev.clawdbot.siem.response;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.cli.SiemCommandRunner;
import dev.clawdbot.siem.rules.ShippedRulesetTest.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decisions, escalation, allowlist, expiry and the audit trail, in dry-run mode (no kernel needed). */
class ActiveResponseTest {

    private static final Instant T0 = Instant.parse("2026-12-07T20:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private BlockStore store;
    private final MutableClock clock = new MutableClock(T0);
    private final List<Event> events = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("c.db"));
        store = new BlockStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ActiveResponse response(ResponseConfig c) {
        return new ActiveResponse(c, store, events::add, clock);
    }

    @Test
    void defaultsAreDryRunOnSshBruteForce() {
        ResponseConfig c = ResponseConfig.defaults();
        assertThat(c.enforce()).isFalse();
        ActiveResponse r = response(c);
        assertThat(r.onAlert(880110, 10, List.of("authentication_failures"), "203.0.113.7")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
        assertThat(r.onAlert(880102, 5, List.of("authentication_failed"), "203.0.113.8")).isEqualTo(ActiveResponse.Outcome.NOT_TRIGGERED);
        assertThat(store.active()).singleElement().satisfies(b -> {
            assertThat(b.dryRun()).isTrue();
            assertThat(b.expires()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        });
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("siem.response.block");
            assertThat(e.fields()).containsEntry("address", "203.0.113.7").containsEntry("dryRun", true).containsEntry("timeoutSeconds", 600L);
        });
    }

    @Test
    void groupAndLevelTriggers() {
        ActiveResponse r = response(new ResponseConfig(null, List.of(), List.of("web_scan"), 12, null, null, null, null));
        assertThat(r.onAlert(1, 3, List.of("web_scan"), "198.51.100.1")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
        assertThat(r.onAlert(2, 12, List.of(), "198.51.100.2")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
        assertThat(r.onAlert(3, 11, List.of("other"), "198.51.100.3")).isEqualTo(ActiveResponse.Outcome.NOT_TRIGGERED);
        assertThat(r.onAlert(880110, 10, List.of(), "198.51.100.4")).isEqualTo(ActiveResponse.Outcome.NOT_TRIGGERED);
        assertThat(r.onAlert(2, 12, List.of(), null)).isEqualTo(ActiveResponse.Outcome.NOT_TRIGGERED);
    }

    @Test
    void escalatesForRepeatOffendersAndForgetsAfterAWeek() {
        ActiveResponse r = response(ResponseConfig.defaults());
        List<Long> timeouts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertThat(r.onAlert(880110, 10, List.of(), "203.0.113.9")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
            assertThat(r.onAlert(880110, 10, List.of(), "203.0.113.9")).isEqualTo(ActiveResponse.Outcome.ALREADY_BLOCKED);
            BlockStore.Block b = store.find("203.0.113.9").orElseThrow();
            timeouts.add(Duration.between(b.blockedAt(), b.expires()).toSeconds());
            clock.advance(Duration.between(b.blockedAt(), b.expires()).plusSeconds(1));
            assertThat(r.expire()).isEqualTo(1);
        }
        assertThat(timeouts).containsExactly(600L, 3_600L, 86_400L, 86_400L);
        // A fresh database (a restart) would remember too: the count lives in siem_blocks.
        assertThat(store.find("203.0.113.9").orElseThrow().offences()).isEqualTo(4);
        clock.advance(Duration.ofDays(8));
        r.onAlert(880110, 10, List.of(), "203.0.113.9");
        assertThat(store.find("203.0.113.9").orElseThrow().offences()).isEqualTo(1);
        assertThat(events.stream().map(Event::type).filter("siem.response.unblock"::equals)).hasSize(4);
    }

    @Test
    void allowlistAndLoopbackAreNeverBlocked() {
        ActiveResponse r = response(new ResponseConfig(null, null, null, null, null, null, List.of("192.0.2.0/24", "2001:db8::/32"), null));
        for (String a : List.of("127.0.0.1", "127.9.9.9", "::1", "0:0:0:0:0:0:0:1", "192.0.2.200", "2001:db8::5", "::ffff:127.0.0.1")) {
            assertThat(r.onAlert(880110, 10, List.of(), a)).as(a).isEqualTo(ActiveResponse.Outcome.REFUSED);
        }
        assertThat(store.active()).isEmpty();
        assertThat(store.responses(T0)).allSatisfy(x -> {
            assertThat(x.action()).isEqualTo("refused");
            assertThat(x.reason()).isEqualTo("allowlisted");
        });
        assertThat(r.onAlert(880110, 10, List.of(), "192.0.3.1")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
    }

    @Test
    void logTextThatIsNotAnAddressNeverReachesTheFirewall() {
        ActiveResponse r = response(ResponseConfig.defaults());
        for (String a : List.of("10.0.0.9 } ; flush ruleset", "evil.example", "10.0.0.256", "fe80::1%eth0", "")) {
            assertThat(r.onAlert(880110, 10, List.of(), a)).as(a).isEqualTo(ActiveResponse.Outcome.REFUSED);
        }
        assertThat(store.active()).isEmpty();
        assertThat(store.responses(T0)).extracting(BlockStore.Response::reason).containsOnly("not an IP address");
    }

    @Test
    void spellingsOfOneAddressShareOneRow() {
        ActiveResponse r = response(ResponseConfig.defaults());
        r.onAlert(880110, 10, List.of(), "2001:DB9:0::1");
        assertThat(r.onAlert(880110, 10, List.of(), "2001:db9::1")).isEqualTo(ActiveResponse.Outcome.ALREADY_BLOCKED);
        assertThat(store.active()).hasSize(1);
    }

    @Test
    void blocksCommandListsAndUnblocks() {
        ActiveResponse r = response(ResponseConfig.defaults());
        r.onAlert(880110, 10, List.of(), "203.0.113.20");
        clock.advance(Duration.ofMinutes(1));
        r.onAlert(880110, 10, List.of(), "203.0.113.21");
        AlertStore alerts = new AlertStore(db);
        SiemCommandRunner.Result list = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list");
        assertThat(list.out()).isEqualTo("""
                203.0.113.20\texpires 2026-12-07T20:10:00Z (540s)\toffence 1\trule 880110\tdry-run
                203.0.113.21\texpires 2026-12-07T20:11:00Z (600s)\toffence 1\trule 880110\tdry-run
                """);
        SiemCommandRunner.Result un = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "203.0.113.20");
        assertThat(un.exit()).isZero();
        assertThat(un.out()).isEqualTo("unblocked 203.0.113.20\n");
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list").out()).startsWith("203.0.113.21\t").doesNotContain("203.0.113.20");
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "203.0.113.20").exit()).isEqualTo(1);
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "nope").exit()).isEqualTo(2);
        assertThat(events.getLast().type()).isEqualTo("siem.response.unblock");
        assertThat(events.getLast().fields()).containsEntry("reason", "operator");
        assertThat(store.responses(T0)).extracting(BlockStore.Response::action).containsExactly("block", "block", "unblock");
    }

    @Test
    void blocksUnblockLiftsADryRunStopWithoutTouchingTheHostAndRefusesOtherForms() {
        ResponseConfig c = new ResponseConfig(null, List.of(), null, null, null, null, null, null, null, null, null,
                List.of(880303), null, List.of(880602), dir.resolve("absent.sock").toString());
        ActiveResponse r = response(c);
        // Dry-run: nothing reaches the (absent) Engine API, but the stop is recorded and can be lifted.
        r.onAlertActions(880602, 7, Map.of("container", "web"));
        r.onAlertActions(880303, 10, Map.of("srcuser", "nobody")); // uid 65534, a system account: refused, never held
        AlertStore alerts = new AlertStore(db);
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list").out()).startsWith("container:web\t").endsWith("dry-run\n");
        SiemCommandRunner.Result un = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "container:web");
        assertThat(un.exit()).as(un.err()).isZero();
        assertThat(un.out()).isEqualTo("unblocked container:web\n");
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "user:nobody").exit()).as("nothing held").isEqualTo(1);
        assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "user:").exit()).isEqualTo(2);
        SiemCommandRunner.Result other = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "host:web");
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("is not an IP address, user:NAME or container:NAME");
        assertThat(store.responses(T0)).extracting(BlockStore.Response::action).containsExactly("stop", "refused", "unblock");
    }

    @Test
    void badConfigIsNamed() {
        assertThatThrownBy(() -> new ResponseConfig("on", null, null, null, null, null, null, null)).hasMessageContaining("siem.response.mode");
        assertThatThrownBy(() -> new ResponseConfig(null, null, null, null, List.of("10 minutes"), null, null, null))
                .hasMessageContaining("siem.response.timeouts: '10 minutes'");
        assertThatThrownBy(() -> new ResponseConfig(null, null, null, null, null, null, List.of("10.0.0.0/33"), null))
                .hasMessageContaining("siem.response.allowlist");
        assertThatThrownBy(() -> new ResponseConfig(null, null, null, 17, null, null, null, null)).hasMessageContaining("siem.response.level");
    }
}
