package dev.clawdbot.fleet.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.remote.OpResult.Status;
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

/**
 * Each read-only operation against a real OpenSSH host. df, cat, ss and apt-get are the machine's own; what it lacks
 * or cannot run in a container (nvidia-smi, docker, systemd's systemctl and journalctl) are stand-ins on that
 * host's PATH that print what the real programs print.
 */
class RemoteOpsTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static SshPool pool;
    static RemoteHost remote;

    @BeforeAll
    static void start() throws Exception {
        sshd = new RealSshd(dir);
        sshd.standIn("nvidia-smi", """
                [ "$1" = "--query-gpu=index,name,memory.used,memory.total,utilization.gpu,temperature.gpu" ] || exit 2
                [ "$2" = "--format=csv,noheader,nounits" ] || exit 2
                echo '0, NVIDIA H100 80GB HBM3, 71234, 81559, 97, 64'
                echo '1, NVIDIA H100 80GB HBM3, 512, 81559, 0, 88'""");
        sshd.standIn("docker", """
                case "$1" in
                  ps) printf 'web\\trunning\\tUp 2 hours (healthy)\\tnginx:1.27\\ndb\\trunning\\tUp 3 days (unhealthy)\\tpostgres:16\\nold\\texited\\tExited (0) 2 days ago\\tbusybox\\n' ;;
                  stats) printf 'web\\t1.25%%\\t3.10%%\\t120MiB / 3.8GiB\\ndb\\t37.50%%\\t20.00%%\\t800MiB / 3.8GiB\\n' ;;
                  images) if [ "$*" = "images --filter dangling=true --format {{.ID}} {{.Size}}" ]; then echo '0123456789ab 1.2GB'
                    elif [ "$*" = "images --format {{.Repository}}:{{.Tag}} {{.CreatedAt}}" ]; then
                      echo 'nginx:1.19 2020-01-01 10:00:00 +0000 UTC'; echo 'odd:1 yesterday'; echo 'lonely'
                    else exit 2; fi ;;
                  volume) [ "$*" = "volume ls --filter dangling=true -q" ] || exit 2; echo 'f00dcafe' ;;
                  *) exit 2 ;;
                esac""");
        sshd.standIn("systemctl", """
                [ "$*" = "--failed --no-legend --plain --no-pager" ] || exit 2
                echo 'nginx.service   loaded failed failed A high performance web server'
                echo 'backup.timer    loaded failed failed Nightly backup'""");
        sshd.standIn("journalctl", """
                [ "$*" = "-p err -n 7 -o json --no-pager" ] || exit 2
                echo '{"__REALTIME_TIMESTAMP":"1765152000000000","_SYSTEMD_UNIT":"nginx.service","PRIORITY":"3","MESSAGE":"bind() to 0.0.0.0:80 failed"}'
                echo '{"__REALTIME_TIMESTAMP":"1765152001000000","SYSLOG_IDENTIFIER":"kernel","PRIORITY":"3","MESSAGE":[104,105,255]}'
                echo '{"__REALTIME_TIMESTAMP":"17651520'""");
        HostSpec spec = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(sshd.fingerprint()), null, "web",
                List.of("office"), null, Duration.ofSeconds(5), Duration.ofSeconds(60));
        HostSpec down = new HostSpec("127.0.0.1", 1, "root", sshd.userKey, null, List.of(sshd.fingerprint()), null, null, null, null,
                Duration.ofSeconds(2), null);
        pool = new SshPool(EventSink.NONE, OperatorNotifier.none(), Clock.systemUTC(), Duration.ofMinutes(5));
        remote = new RemoteHost(Inventory.of(Map.of("web1", spec, "gone", down), null), pool);
    }

    @AfterAll
    static void stop() throws Exception {
        pool.close();
        sshd.close();
    }

    private static OpResult run(ReadOnlyOp.Kind kind) {
        return remote.run("web1", ReadOnlyOp.of(kind));
    }

    @Test
    void diskAndInodesComeFromDf() {
        OpResult disk = run(ReadOnlyOp.Kind.DISK);
        assertThat(disk.status()).isIn(Status.OK, Status.WARN);
        var mounts = ((Observation.Disk) disk.observation()).mounts();
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.mount()).isEqualTo("/");
            assertThat(m.total()).isPositive();
            assertThat(m.usedPercent()).isBetween(0.0, 100.0);
        });
        OpResult inodes = run(ReadOnlyOp.Kind.INODES);
        assertThat(((Observation.Inodes) inodes.observation()).mounts()).anySatisfy(m -> assertThat(m.mount()).isEqualTo("/"));
    }

    @Test
    void loadAndMemoryComeFromProc() {
        var load = (Observation.Load) run(ReadOnlyOp.Kind.LOAD).observation();
        assertThat(load.one()).isNotNegative();
        assertThat(load.total()).isPositive();
        OpResult mem = run(ReadOnlyOp.Kind.MEMORY);
        var m = (Observation.Memory) mem.observation();
        assertThat(m.totalKb()).isPositive();
        assertThat(m.availableKb()).isBetween(0L, m.totalKb());
        assertThat(mem.summary()).contains("MiB available");
    }

    @Test
    void failedUnitsWarn() {
        OpResult r = run(ReadOnlyOp.Kind.FAILED_UNITS);
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(((Observation.FailedUnits) r.observation()).units()).containsExactly("nginx.service", "backup.timer");
    }

    @Test
    void dockerHousekeepingListingsWithTheirExactArgv() {
        var dangling = ((Observation.Images) run(ReadOnlyOp.Kind.DANGLING_IMAGES).observation()).images();
        assertThat(dangling).containsExactly(new Observation.Image("0123456789ab", "1.2GB", null));
        var images = ((Observation.Images) run(ReadOnlyOp.Kind.IMAGES).observation()).images();
        // An unreadable date gives no age, a line with one field is skipped.
        assertThat(images).containsExactly(new Observation.Image("nginx:1.19", "2020-01-01 10:00:00 +0000 UTC", Instant.parse("2020-01-01T00:00:00Z")),
                new Observation.Image("odd:1", "yesterday", null));
        assertThat(((Observation.Volumes) run(ReadOnlyOp.Kind.DANGLING_VOLUMES).observation()).names()).containsExactly("f00dcafe");
    }

    @Test
    void accountsFromTheHostsRealGetent() {
        OpResult r = run(ReadOnlyOp.Kind.ACCOUNTS);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(((Observation.Lines) r.observation()).lines()).anySatisfy(l -> assertThat(l).startsWith("root:x:0:0:"));
    }

    @Test
    void containersWithHealthAndStats() {
        OpResult r = run(ReadOnlyOp.Kind.CONTAINERS);
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.summary()).startsWith("2/3 running").contains("db (unhealthy)");
        var c = ((Observation.Containers) r.observation()).containers();
        assertThat(c).extracting(Observation.Container::health).containsExactly("healthy", "unhealthy", "none");
        OpResult stats = run(ReadOnlyOp.Kind.CONTAINER_STATS);
        assertThat(((Observation.ContainerStats) stats.observation()).containers())
                .extracting(Observation.ContainerStat::cpuPercent).containsExactly(1.25, 37.5);
        assertThat(stats.summary()).contains("db 37.5% CPU");
    }

    @Test
    void journalErrorsAreParsedFromJsonAndACutLineIsSkipped() {
        OpResult r = remote.run("web1", new ReadOnlyOp(ReadOnlyOp.Kind.JOURNAL_ERRORS, 7));
        var entries = ((Observation.Journal) r.observation()).entries();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).unit()).isEqualTo("nginx.service");
        assertThat(entries.get(0).message()).isEqualTo("bind() to 0.0.0.0:80 failed");
        assertThat(entries.get(0).time()).isEqualTo(java.time.Instant.ofEpochSecond(1765152000L));
        assertThat(entries.get(1).unit()).isEqualTo("kernel");
        assertThat(entries.get(1).message()).startsWith("hi");
    }

    @Test
    void gpusFromNvidiaSmiWarnWhenHot() {
        OpResult r = run(ReadOnlyOp.Kind.GPU);
        assertThat(r.status()).isEqualTo(Status.WARN);
        var gpus = ((Observation.Gpus) r.observation()).gpus();
        assertThat(gpus).hasSize(2);
        assertThat(gpus.get(0).memoryUsedMiB()).isEqualTo(71234);
        assertThat(gpus.get(0).utilizationPercent()).isEqualTo(97);
        assertThat(gpus.get(1).temperatureC()).isEqualTo(88);
    }

    @Test
    void listeningPortsIncludeTheSshdItself() {
        var ports = ((Observation.Ports) run(ReadOnlyOp.Kind.PORTS).observation()).listeners();
        assertThat(ports).contains(new Observation.Listener("127.0.0.1", sshd.port));
    }

    @Test
    void pendingUpdatesAreSimulatedNeverInstalled() {
        OpResult r = run(ReadOnlyOp.Kind.UPDATES);
        assertThat(r.status()).as(r.summary()).isIn(Status.OK, Status.WARN);
        assertThat(r.summary()).contains("pending");
    }

    @Test
    void aMissingProgramIsNotApplicableAndAnUnreachableHostIsAFinding() throws Exception {
        java.nio.file.Files.move(sshd.bin.resolve("nvidia-smi"), sshd.bin.resolve("nvidia-smi.off"));
        try {
            OpResult r = run(ReadOnlyOp.Kind.GPU);
            assertThat(r.status()).isEqualTo(Status.NOT_AVAILABLE);
            assertThat(r.summary()).isEqualTo("nvidia-smi is not installed");
        } finally {
            java.nio.file.Files.move(sshd.bin.resolve("nvidia-smi.off"), sshd.bin.resolve("nvidia-smi"));
        }
        List<OpResult> gone = remote.check("gone", ReadOnlyOp.all());
        assertThat(gone).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.UNREACHABLE);
            assertThat(r.summary()).startsWith("cannot connect to host gone");
        });
    }

    @Test
    void theAdminAgentsToolRunsAProbeByNameAndNeverACommand() throws Exception {
        HostCheckTool tool = new HostCheckTool(remote);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(tool.spec().inputSchema().path("properties").path("probe").path("enum").toString()).contains("failed-units").contains("gpu");
        var r = tool.invoke(json.readTree("{\"host\":\"web1\",\"probe\":\"failed-units\"}"), null);
        assertThat(r.isError()).isFalse();
        assertThat(r.untrusted()).isTrue();
        assertThat(json.readTree(r.content()).path("figures").path("units").toString()).isEqualTo("[\"nginx.service\",\"backup.timer\"]");
        assertThat(json.readTree(r.content()).path("status").asText()).isEqualTo("WARN");
        assertThat(tool.invoke(json.readTree("{\"host\":\"web1\",\"probe\":\"rm -rf /\"}"), null).content()).startsWith("no probe named rm -rf /");
        assertThat(tool.invoke(json.readTree("{\"host\":\"web9\",\"probe\":\"disk\"}"), null).isError()).isTrue();
        assertThat(tool.invoke(json.readTree("{\"host\":\"web1\",\"probe\":\"journal-errors\",\"lines\":100000}"), null).content())
                .contains("lines: must be 1..500");
    }

    @Test
    void onlyTheJournalTakesAnArgumentAndItIsBounded() {
        assertThat(new ReadOnlyOp(ReadOnlyOp.Kind.JOURNAL_ERRORS, 20).argv())
                .containsExactly("journalctl", "-p", "err", "-n", "20", "-o", "json", "--no-pager");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReadOnlyOp(ReadOnlyOp.Kind.JOURNAL_ERRORS, 501))
                .hasMessageContaining("lines: must be 1..500");
    }
}
