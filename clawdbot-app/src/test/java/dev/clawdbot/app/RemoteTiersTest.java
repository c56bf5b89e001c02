package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.ssh.RealSshd;
import dev.clawdbot.ops.checks.DailyTier;
import dev.clawdbot.ops.checks.DiskCheck;
import dev.clawdbot.ops.checks.Finding;
import dev.clawdbot.ops.checks.HostSweep;
import dev.clawdbot.ops.checks.MemoryCheck;
import dev.clawdbot.ops.checks.WeeklyTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops tiers on managed hosts against a real OpenSSH server: web1 is reachable (its real df and /proc/meminfo,
 * stand-in nvidia-smi, systemctl and journalctl on its PATH), gone listens nowhere, stranger offers a key that is not
 * pinned. The run completes, each host is a section of the report, and each unreachable host is one finding.
 */
class RemoteTiersTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static FleetProbe probe;

    @BeforeAll
    static void start() throws Exception {
        sshd = new RealSshd(dir);
        sshd.standIn("nvidia-smi", """
                echo '0, NVIDIA H100 80GB HBM3, 71234, 81559, 97, 64'
                echo '1, NVIDIA H100 80GB HBM3, 512, 81559, 0, 88'""");
        sshd.standIn("systemctl", "echo 'nginx.service   loaded failed failed A high performance web server'");
        sshd.standIn("journalctl", """
                echo '{"__REALTIME_TIMESTAMP":"1765152000000000","_SYSTEMD_UNIT":"nginx.service","PRIORITY":"3","MESSAGE":"bind() to 0.0.0.0:80 failed"}'""");
        // docker ps is not there (daily: not available); the weekly housekeeping listings are.
        sshd.standIn("docker", """
                case "$1 $2 $3" in
                  "images --filter dangling=true") echo '0123456789ab 1.2GB' ;;
                  "volume ls --filter") echo 'f00dcafe'; echo 'deadbeef' ;;
                  "images --format {{.Repository}}:{{.Tag}} {{.CreatedAt}}") echo 'nginx:1.19 2020-01-01 10:00:00 +0000 UTC'
                    echo "redis:7 $(date -u +%F) 09:00:00 +0000 UTC" ;;
                  *) exit 127 ;;
                esac""");
        HostSpec web1 = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(sshd.fingerprint()), null, null, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        HostSpec gone = new HostSpec("127.0.0.1", 1, "root", sshd.userKey, null, List.of(sshd.fingerprint()), null, null, null, null,
                Duration.ofSeconds(2), null);
        HostSpec stranger = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null,
                List.of("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"), null, null, null, null, Duration.ofSeconds(5), null);
        // Disk at 1 %: the real root filesystem is over it, so the local thresholds visibly apply to the remote mounts.
        // The sudoers the monthly tier reads (as root over SSH): a file tree of the test's, not the machine's /etc.
        Path etc = Files.createDirectories(dir.resolve("etc/sudoers.d"));
        Files.writeString(etc.getParent().resolve("sudoers"), "root ALL=(ALL:ALL) ALL\n#includedir /etc/sudoers.d\n");
        Files.writeString(etc.resolve("deploy"), "deploy ALL=(ALL) NOPASSWD: ALL\n");
        probe = new FleetProbe(Inventory.of(Map.of("web1", web1, "gone", gone, "stranger", stranger), null), 1, 99,
                new MemoryCheck(100, 50), 90, EventSink.NONE, Clock.systemUTC(), etc.getParent().toString());
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
    }

    @Test
    void dailyTierHasASectionPerHostAndUnreachableHostsAreOneFindingEach() {
        List<OperatorNotice> sent = new ArrayList<>();
        long start = System.nanoTime();
        List<String> lines = new DailyTier(new DiskCheck(85, 95), List::of, null, new MemoryCheck(10, 50),
                () -> "MemTotal: 1000 kB\nMemAvailable: 900 kB\n", List.of(), HostSweep.of(probe), "node-a", sent::add, Clock.systemUTC())
                .run(Instant.now());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("CRITICAL host gone host gone: cannot be reached"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("CRITICAL host stranger host stranger: cannot be reached")
                .contains("stranger"));
        assertThat(lines.stream().filter(l -> l.contains("host gone "))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains("host stranger "))).hasSize(1);
        // web1: the real df (root filesystem over 1 %), the real meminfo (under 100 % available), the stand-ins.
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("(WARNING|CRITICAL) host web1 disk /: \\d+% used, \\d+ MiB free"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("(WARNING|CRITICAL) host web1 memory .*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("WARNING host web1 gpu : ").contains("88"));
        assertThat(lines).contains("WARNING host web1 failed-units nginx.service: failed");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("INFO host web1 journal-errors : ").contains("bind()"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("INFO host web1 containers : "));
        assertThat(took).isLessThan(Duration.ofSeconds(30));

        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(12);
            assertThat(n.body()).contains("== host web1 ==", "== host gone ==", "== host stranger ==",
                    "fix: clawdbot hosts check gone; if its key is not pinned or changed, compare it on the host's console, then clawdbot hosts pin gone");
            assertThat(n.html()).contains("<h2>host web1</h2>", "<h2>host gone</h2>", "<h2>host stranger</h2>");
        });
    }

    @Test
    void weeklyTierChecksUpdatesAndContainers() {
        List<Finding> web1 = probe.check("web1", "weekly");
        assertThat(web1).extracting(Finding::check).contains("updates");
        assertThat(probe.check("gone", "weekly")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo("gone");
        });
        // Reported, never pruned: the fix names the prune command for the operator.
        assertThat(web1).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("dangling images");
            assertThat(f.message()).isEqualTo("1: 0123456789ab (1.2GB)");
            assertThat(f.fix()).contains("docker image prune");
        });
        assertThat(web1).anySatisfy(f -> assertThat(f.subject() + ": " + f.message()).isEqualTo("unused volumes: 2: f00dcafe, deadbeef"));
        assertThat(web1).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("image age");
            assertThat(f.message()).startsWith("1 of 2 images built more than 90 days ago: nginx:1.19 ").doesNotContain("redis");
        });
        List<OperatorNotice> sent = new ArrayList<>();
        new WeeklyTier(List.of(), HostSweep.of(probe), "node-a", sent::add, Clock.systemUTC()).run(Instant.now());
        assertThat(sent).singleElement().satisfies(n -> assertThat(n.body()).contains("== host web1 ==\n", "updates", "dangling images", "image age"));
    }

    @Test
    void monthlyTierListsTheListeningPorts() {
        assertThat(probe.check("web1", "monthly")).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo("ports");
            // The first 15 ports are listed; on a busy machine the test sshd's may be further down, so only the form is checked.
            assertThat(f.message()).containsPattern("^\\d+ listening: \\d+");
        });
    }

    @Test
    void monthlyTierReviewsSshdAndTheAccountsWithTheLocalRules() {
        List<Finding> web1 = probe.check("web1", "monthly");
        // The host's real sshd -T (run as root over SSH) and getent passwd, judged as the local posture checks judge them.
        assertThat(web1).anySatisfy(f -> {
            assertThat(f.check() + " " + f.subject()).isEqualTo("posture sshd");
            assertThat(f.message()).startsWith("PermitRootLogin ").contains("PasswordAuthentication ");
        });
        assertThat(web1).anySatisfy(f -> {
            assertThat(f.check() + " " + f.subject()).isEqualTo("posture users");
            assertThat(f.message()).contains("root (/bin/");
        });
        assertThat(web1).filteredOn(f -> f.subject().equals("sudoers")).extracting(Finding::severity, Finding::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Finding.Severity.WARNING, "password-less sudo: deploy: deploy ALL=(ALL) NOPASSWD: ALL"),
                org.assertj.core.groups.Tuple.tuple(Finding.Severity.INFO, "2 rule(s): sudoers: root ALL=(ALL:ALL) ALL; deploy: deploy ALL=(ALL) NOPASSWD: ALL"));
    }

    @Test
    void sudoersThatCannotBeReadAreOneInfoFinding() {
        assertThat(FleetProbe.sudoers(new dev.clawdbot.fleet.remote.RemoteSudoers.Read(dev.clawdbot.fleet.remote.RemoteSudoers.Access.NONE,
                Map.of(), List.of(), "the SSH user is not root and has no password-less sudo: sudo: a password is required")))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
                    assertThat(f.message()).isEqualTo("sudoers need root, not reviewed: the SSH user is not root and has no password-less sudo: sudo: a password is required");
                });
    }
}
