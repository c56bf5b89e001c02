package dev.clawdbot.sandbox;

import dev.clawdbot.testkit.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What a crashed gateway left behind is found and removed on start, and only that. */
class OrphansTest {
    static final String DEAD = "g999999999-4242";

    @TempDir
    Path tmp;

    @Test
    void cgroupsAndPidFilesOfADeadGatewayAreRemovedOnStart() throws Exception {
        Limits limits = Limits.detect("auto", Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"));
        assumeTrue(limits.kind() != Limits.Kind.RLIMIT, "no writable cgroups: " + limits.problem());
        Process inCgroup = new ProcessBuilder("/usr/bin/sleep", "53.2101").start();
        Process recorded = new ProcessBuilder("/usr/bin/sleep", "53.2102").start();
        String live = Orphans.gatewayId(ProcessHandle.current().pid()) + "-77";
        List<Path> dead = new ArrayList<>();
        List<Path> alive = new ArrayList<>();
        for (Path parent : limits.parents().values()) {
            Path d = Files.createDirectory(parent.resolve(DEAD + "-1"));
            Files.writeString(d.resolve("cgroup.procs"), Long.toString(inCgroup.pid()));
            dead.add(d);
            alive.add(Files.createDirectory(parent.resolve(live)));
        }
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(DEAD + "-2.pid"), recorded.pid() + " " + Orphans.startTime(recorded.pid()) + "\n");
        Files.writeString(run.resolve(live + ".pid"), "1 1\n");
        try {
            var sink = new RecordingEvents();
            new Sandbox(TestSandboxes.config(run, "bubblewrap", false, List.of()), sink, Clock.systemUTC()).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> !inCgroup.isAlive() && !recorded.isAlive());
            for (Path d : dead) assertThat(d).doesNotExist();
            for (Path d : alive) assertThat(d).isDirectory();
            assertThat(run.resolve(DEAD + "-2.pid")).doesNotExist();
            assertThat(run.resolve(live + ".pid")).exists();
            assertThat(sink.events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("sandbox.orphans_removed");
                assertThat(e.fields().get("count")).isEqualTo(1 + dead.size());
            });
        } finally {
            inCgroup.destroyForcibly();
            recorded.destroyForcibly();
            for (Path d : alive) Files.deleteIfExists(d);
            for (Path d : dead) Cgroups.remove(d);
        }
    }

    @Test
    void aReusedPidDoesNotMakeAGatewayLookAlive() {
        long me = ProcessHandle.current().pid();
        assertThat(Orphans.alive(me, Orphans.startTime(me))).isTrue();
        assertThat(Orphans.alive(me, Orphans.startTime(me) + 1)).isFalse();
        assertThat(Orphans.alive(999999999L, 5)).isFalse();
    }
}
