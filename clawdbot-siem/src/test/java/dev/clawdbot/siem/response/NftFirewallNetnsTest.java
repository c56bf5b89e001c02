package dev.clawdbot.siem.response;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real nftables inside a network namespace this test creates: blocks, expiry, allowlist, escalation. */
class NftFirewallNetnsTest {

    @TempDir
    Path dir;
    private Netns ns;
    private Database db;
    private final List<Event> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ns = Netns.create("cbnft");
        db = Database.sqlite(dir.resolve("c.db"));
    }

    @AfterEach
    void tearDown() {
        if (db != null) db.close();
        if (ns != null) ns.close();
    }

    private ActiveResponse enforcing(List<String> timeouts, List<String> allowlist) {
        ResponseConfig c = new ResponseConfig("enforce", null, null, null, timeouts, null, allowlist, ns.prefix("nft"));
        return new ActiveResponse(c, new BlockStore(db), events::add, Clock.systemUTC());
    }

    @Test
    void setupIsIdempotent() {
        NftFirewall fw = new NftFirewall(ns.prefix("nft"));
        fw.ensure();
        fw.ensure();
        fw.block("198.51.100.1", Duration.ofMinutes(5));
        fw.ensure();
        String table = ns.must("nft", "list", "table", "inet", "clawdbot");
        assertThat(table.split("@blocked4", -1)).hasSize(2);
        assertThat(table.split("@blocked6", -1)).hasSize(2);
        assertThat(table).contains("flags timeout").contains("hook input");
        assertThat(fw.blocked("198.51.100.1")).as("ensure keeps existing elements").isTrue();
    }

    @Test
    void blockAddsTheElementAndTheKernelExpiresIt() {
        // 10 s: long enough that a loaded CI machine still sees the element before the kernel drops it.
        ActiveResponse r = enforcing(List.of("10s", "1h"), List.of());
        NftFirewall fw = new NftFirewall(ns.prefix("nft"));
        assertThat(r.onAlert(880110, 10, List.of(), "203.0.113.50")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
        assertThat(r.onAlert(880110, 10, List.of(), "2001:db8::50")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
        assertThat(fw.blocked("203.0.113.50")).isTrue();
        assertThat(ns.must("nft", "list", "set", "inet", "clawdbot", "blocked6")).contains("2001:db8::50");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !fw.blocked("203.0.113.50"));
        await().atMost(Duration.ofSeconds(30)).until(() -> r.expire() >= 0 && new BlockStore(db).active().isEmpty());
        assertThat(events).extracting(Event::type).contains("siem.response.block", "siem.response.unblock");
        // Second offence: the escalated timeout is what the kernel holds.
        assertThat(r.onAlert(880110, 10, List.of(), "203.0.113.50")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
        String element = ns.must("nft", "get", "element", "inet", "clawdbot", "blocked4", "{ 203.0.113.50 }");
        assertThat(element).contains("timeout 1h");
        assertThat(r.unblock("203.0.113.50", "operator")).isTrue();
        assertThat(fw.blocked("203.0.113.50")).isFalse();
    }

    @Test
    void allowlistedAndForgedSourcesNeverReachTheSet() {
        ActiveResponse r = enforcing(null, List.of("10.77.0.0/16"));
        for (String a : List.of("10.77.3.4", "127.0.0.1", "::1", "10.0.0.9 } ; flush ruleset")) {
            assertThat(r.onAlert(880110, 10, List.of(), a)).as(a).isEqualTo(ActiveResponse.Outcome.REFUSED);
        }
        assertThat(r.onAlert(880110, 10, List.of(), "10.78.0.1")).isEqualTo(ActiveResponse.Outcome.BLOCKED);
        String set = ns.must("nft", "list", "set", "inet", "clawdbot", "blocked4");
        assertThat(set).contains("10.78.0.1").doesNotContain("10.77.3.4").doesNotContain("127.0.0.1").doesNotContain("10.0.0.9");
    }

    @Test
    void aMissingNftIsAFailedResponseNotABlock() {
        ResponseConfig c = new ResponseConfig("enforce", null, null, null, null, null, null, ns.prefix("/nonexistent/nft"));
        ActiveResponse r = new ActiveResponse(c, new BlockStore(db), events::add, Clock.systemUTC());
        assertThat(r.onAlert(880110, 10, List.of(), "203.0.113.60")).isEqualTo(ActiveResponse.Outcome.FAILED);
        assertThat(new BlockStore(db).active()).isEmpty();
        assertThat(events).extracting(Event::type).containsExactly("siem.response.failed");
    }
}
