package dev.clawdbot.ops.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.core.notify.OperatorNotice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Per-host sections of a tier report: a host whose probe throws or overruns its budget is one finding in its
 * section, the sweep runs hosts in parallel within its bound, and the text and HTML renderings are fixed (snapshots).
 */
class HostSectionsTest {
    static final Instant AT = Instant.parse("2026-12-08T04:00:00Z");
    static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);

    /** A hand-written probe: web1 answers, db1 throws, slow1 never answers within the budget. */
    static final class Probe implements RemoteProbe {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final List<String> hosts;

        Probe(List<String> hosts) {
            this.hosts = hosts;
        }

        @Override
        public List<String> hosts() {
            return hosts;
        }

        @Override
        public List<Finding> check(String host, String tier) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                switch (host) {
                    case "db1" -> throw new IllegalStateException("boom");
                    case "slow1" -> Thread.sleep(10_000);
                    default -> Thread.sleep(100);
                }
                return List.of(new Finding(Finding.Severity.WARNING, "disk", "/var", "91% used, 900 MiB free", "du -xh <mount>"),
                        new Finding(Finding.Severity.INFO, "load", "", tier + " load 0.10 0.20 0.30", ""));
            } catch (InterruptedException e) {
                return List.of();
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void eachHostIsASectionAndFailuresAreFindings() {
        Probe probe = new Probe(List.of("web1", "db1", "slow1"));
        List<OperatorNotice> sent = new ArrayList<>();
        long start = System.nanoTime();
        List<String> lines = Tiers.report("daily", List.of(new Finding(Finding.Severity.INFO, "memory", "", "62% available", "")),
                new HostSweep(probe, 2, Duration.ofMillis(700)), false, AT, "node-a", sent::add, CLOCK);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        assertThat(lines).containsExactly("INFO memory : 62% available",
                "WARNING host web1 disk /var: 91% used, 900 MiB free", "INFO host web1 load : daily load 0.10 0.20 0.30",
                "WARNING host db1 host db1: the checks failed: java.lang.IllegalStateException: boom",
                "WARNING host slow1 host slow1: no answer within 0 s; the checks were abandoned");
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.source()).isEqualTo("ops.daily");
            assertThat(n.body()).isEqualTo("""
                    Clawdbot daily maintenance: 3 findings
                    at 2026-12-08T04:00:00Z

                    INFO  memory: 62% available

                    == host web1 ==
                    WARNING  disk /var: 91% used, 900 MiB free
                        fix: du -xh <mount>
                    INFO  load: daily load 0.10 0.20 0.30

                    == host db1 ==
                    WARNING  host db1: the checks failed: java.lang.IllegalStateException: boom
                        fix: clawdbot hosts check db1

                    == host slow1 ==
                    WARNING  host slow1: no answer within 0 s; the checks were abandoned
                        fix: clawdbot hosts check slow1
                    """);
        });
    }

    @Test
    void htmlHasASectionPerHostEscaped() {
        Report r = new Report("weekly", AT, List.of(), List.of(
                new HostSection("web1", List.of(new Finding(Finding.Severity.WARNING, "updates", "", "2 security updates", "apt-get upgrade"))),
                new HostSection("a<b", List.of())));
        assertThat(r.worst()).isEqualTo(Finding.Severity.WARNING);
        assertThat(r.html()).isEqualTo("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Clawdbot weekly maintenance: 1 finding</title></head>
                <body>
                <h1>Clawdbot weekly maintenance: 1 finding</h1>
                <p>at 2026-12-08T04:00:00Z</p>
                <p>Nothing to report.</p>
                <h2>host web1</h2>
                <table>
                <tr><th>severity</th><th>check</th><th>subject</th><th>finding</th><th>suggested fix</th></tr>
                <tr><td>WARNING</td><td>updates</td><td></td><td>2 security updates</td><td>apt-get upgrade</td></tr>
                </table>
                <h2>host a&lt;b</h2>
                <p>Nothing to report.</p>
                </body></html>
                """);
    }

    @Test
    void hostsRunInParallelWithinTheBound() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) many.add("h" + i);
        Probe probe = new Probe(many);
        long start = System.nanoTime();
        List<HostSection> sections = new HostSweep(probe, 4, Duration.ofSeconds(5)).run("weekly");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(sections).extracting(HostSection::host).containsExactlyElementsOf(many);
        assertThat(probe.most.get()).isEqualTo(4);
        // 12 hosts of 100 ms each, 4 at a time: 3 rounds, not 12.
        assertThat(took).isLessThan(Duration.ofMillis(1100));
    }

    @Test
    void noManagedHostsNoSections() {
        assertThat(HostSweep.of(RemoteProbe.NONE).run("daily")).isEmpty();
        assertThat(new Report("daily", AT, List.of()).text()).doesNotContain("== host");
    }
}
