package dev.clawdbot.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.broker.AdminConfig;
import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.remote.RemoteHost;
import dev.clawdbot.fleet.ssh.RealSshd;
import dev.clawdbot.fleet.ssh.SshPool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin agent's read-only {@code host_check} tool: in the profiles when an inventory is configured, and run against a real sshd. */
class AdminHostCheckTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static SshPool pool;
    static RemoteHost hosts;

    @BeforeAll
    static void start() throws Exception {
        sshd = new RealSshd(dir);
        sshd.standIn("nvidia-smi", "echo '0, NVIDIA H100 80GB HBM3, 71234, 81559, 97, 64'");
        HostSpec web1 = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(sshd.fingerprint()), null, null, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        pool = new SshPool(dev.clawdbot.core.events.EventSink.NONE, OperatorNotifier.none(), Clock.systemUTC(), Duration.ofMinutes(1));
        hosts = new RemoteHost(Inventory.of(Map.of("web1", web1), null), pool);
    }

    @AfterAll
    static void stop() throws Exception {
        pool.close();
        sshd.close();
    }

    AdminConfig config() {
        return new AdminConfig("admin", List.of(), 10, Duration.ofMinutes(5), List.of(dir.toString()), null);
    }

    @Test
    void theTimerProfileListsHostCheckOnlyWithAnInventory() {
        var clock = new MutableClock(Instant.parse("2026-12-08T04:00:00Z"));
        var with = new AdminRunner(config(), ScriptedRouter.down(), new RecordingEvents(), clock, null, null, hosts);
        assertThat(with.profile(AdminTrigger.TIMER, null, "adm_1")).extracting(t -> t.spec().name()).contains("host_check")
                .contains("read_file", "systemd_status", "run_program");
        var without = new AdminRunner(config(), ScriptedRouter.down(), new RecordingEvents(), clock, null, null,
                new RemoteHost(Inventory.of(Map.of(), null), pool));
        assertThat(without.profile(AdminTrigger.TIMER, null, "adm_2")).extracting(t -> t.spec().name()).doesNotContain("host_check");
        assertThat(new AdminRunner(config(), ScriptedRouter.down(), new RecordingEvents(), clock, null)
                .profile(AdminTrigger.TIMER, null, "adm_3")).extracting(t -> t.spec().name()).doesNotContain("host_check");
    }

    @Test
    void aTimerRunCallsHostCheckAgainstTheRealHost() throws Exception {
        var clock = new MutableClock(Instant.parse("2026-12-08T04:00:00Z"));
        var runner = new AdminRunner(config(), AdminRunnerTest.sequence(
                AdminRunnerTest.toolCall("host_check", "{\"host\":\"web1\",\"probe\":\"gpu\"}"),
                AdminRunnerTest.toolCall("host_check", "{\"host\":\"web1\",\"probe\":\"memory\"}")),
                new RecordingEvents(), clock, null, null, hosts);
        AdminRunner.AdminRun run = runner.run(AdminTrigger.TIMER, "Check the GPU host.", null);
        assertThat(run.stop()).isEqualTo("done");
        // The probe's JSON, as the model saw it (inside the untrusted markers): nvidia-smi's stand-in, the host's real meminfo.
        assertThat(run.transcript()).contains("\\\"probe\\\":\\\"gpu\\\"", "\\\"status\\\":\\\"OK\\\"", "H100", "\\\"probe\\\":\\\"memory\\\"",
                "totalKb");
    }
}
