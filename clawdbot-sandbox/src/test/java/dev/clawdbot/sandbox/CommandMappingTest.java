package dev.clawdbot.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy's mapping onto bubblewrap and docker/podman argv; the container one cannot run here, so its argv is the contract. */
class CommandMappingTest {
    static final SandboxPolicy POLICY = new SandboxPolicy(List.of("/usr", "/etc/ld.so.cache", "/nonexistent-path"), 8L << 20, 256L << 20, 32, 1.5,
            Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMinutes(1), 4096, 1000, 1001, Map.of("PATH", "/usr/bin", "LANG", "C.UTF-8"), 2000, 2001);

    @Test
    void bubblewrapArgvCarriesEveryIsolationFlag() {
        List<String> a = BwrapCommand.argv(Path.of("/usr/bin/bwrap"), POLICY, Path.of("/srv/ws"), List.of("/bin/sh", "-c", "id"), null);
        assertThat(a).containsSubsequence("/usr/bin/bwrap", "--unshare-user", "--uid", "1000", "--gid", "1001", "--disable-userns",
                "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--new-session", "--die-with-parent", "--cap-drop", "ALL", "--clearenv");
        assertThat(String.join(" ", a)).contains("--setenv LANG C.UTF-8 --setenv PATH /usr/bin")
                .contains("--ro-bind /usr /usr --ro-bind /etc/ld.so.cache /etc/ld.so.cache --proc /proc --dev /dev")
                .contains("--size 8388608 --tmpfs /tmp --bind /srv/ws /workspace --remount-ro / --chdir /workspace -- /bin/sh -c id")
                .doesNotContain("/nonexistent-path");
        assertThat(a.getFirst()).isEqualTo("/usr/bin/bwrap");
    }

    @Test
    void seccompFilterIsPassedAsDescriptorNine() {
        List<String> a = BwrapCommand.argv(Path.of("/usr/bin/bwrap"), POLICY, Path.of("/srv/ws"), List.of("true"), null, true);
        assertThat(String.join(" ", a)).contains("--clearenv --seccomp 9 ");
    }

    @Test
    void seccompProgramIsWellFormed() {
        byte[] x86 = Seccomp.program("amd64");
        byte[] arm = Seccomp.program("aarch64");
        assertThat(x86.length % 8).isZero();
        assertThat(arm.length % 8).isZero();
        assertThat(Seccomp.program("riscv64")).isNull();
        // first instruction loads seccomp_data.arch (offset 4)
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(x86).order(java.nio.ByteOrder.nativeOrder());
        assertThat(b.getShort(0)).isEqualTo((short) 0x20);
        assertThat(b.getInt(4)).isEqualTo(4);
        assertThat(b.getInt(12)).isEqualTo(0xC000003E);
    }

    @Test
    void bubblewrapStartedByRootDropsToTheHostUidFirst() {
        List<String> a = BwrapCommand.argv(Path.of("/usr/bin/bwrap"), POLICY, Path.of("/srv/ws"), List.of("true"), new BwrapCommand.Drop(2000, 2001));
        int setpriv = a.indexOf("/usr/bin/setpriv");
        assertThat(a.subList(setpriv, setpriv + 6)).containsExactly("/usr/bin/setpriv", "--reuid=2000", "--regid=2001", "--clear-groups", "--", "/usr/bin/bwrap");
        // The workspace reaches bubblewrap through a bind in a private mount namespace, not by its host path.
        assertThat(a.subList(0, setpriv)).containsExactly("/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                "mkdir -p -m 0755 /run/clawdbot-sandbox-ws && mount --bind \"$0\" /run/clawdbot-sandbox-ws || exit 125; exec \"$@\"", "/srv/ws");
        assertThat(String.join(" ", a)).contains("--bind /run/clawdbot-sandbox-ws /workspace").doesNotContain("--bind /srv/ws");
    }

    @Test
    void hostSymlinksAreRecreatedNotBound() {
        SandboxPolicy p = SandboxPolicy.builder().readOnlyPaths(List.of("/bin")).build();
        List<String> a = BwrapCommand.argv(Path.of("/usr/bin/bwrap"), p, Path.of("/srv/ws"), List.of("true"), null);
        if (java.nio.file.Files.isSymbolicLink(Path.of("/bin"))) assertThat(String.join(" ", a)).contains("--symlink usr/bin /bin");
        else assertThat(String.join(" ", a)).contains("--ro-bind /bin /bin");
    }

    @Test
    void dockerArgvMapsThePolicy() {
        var c = new SandboxBackend.Container("docker", Path.of("/usr/bin/docker"), "python:3.12-slim");
        List<String> a = ContainerCommand.run(c, POLICY, "g1-2-3", "g1-2", "/srv/ws",
                Path.of("/run/cb/seccomp-container.json"), List.of("/bin/sh", "-c", "id"));
        assertThat(a).containsExactly("/usr/bin/docker", "run", "--rm", "-i", "--name", "g1-2-3", "--label", "dev.clawdbot.sandbox.gateway=g1-2",
                "--init", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--network", "none", "--ipc", "none",
                "--pids-limit", "32", "--memory", "268435456", "--memory-swap", "268435456", "--cpus", "1.50", "--ulimit", "cpu=20:21",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096",
                "--user", "1000:1001", "--tmpfs", "/tmp:rw,nosuid,nodev,size=8388608",
                "--mount", "type=bind,source=/srv/ws,target=/workspace", "--workdir", "/workspace", "--hostname", "sandbox",
                "--security-opt", "seccomp=/run/cb/seccomp-container.json",
                "--env", "LANG=C.UTF-8", "--env", "PATH=/usr/bin", "python:3.12-slim", "/bin/sh", "-c", "id");
    }

    @Test
    void podmanUsesTheSameFlags() {
        var c = new SandboxBackend.Container("podman", Path.of("/usr/bin/podman"), "img");
        List<String> a = ContainerCommand.run(c, POLICY, "n", "g", "/w", null, List.of("true"));
        assertThat(a.getFirst()).isEqualTo("/usr/bin/podman");
        assertThat(a).contains("--network", "none", "--cap-drop", "ALL", "no-new-privileges", "--read-only", "--init");
        assertThat(String.join(" ", a)).doesNotContain("seccomp=");
        assertThat(ContainerCommand.kill(c, "n")).containsExactly("/usr/bin/podman", "rm", "-f", "-t", "0", "n");
        assertThat(ContainerCommand.kill(new SandboxBackend.Container("docker", Path.of("/usr/bin/docker"), "img"), "n"))
                .containsExactly("/usr/bin/docker", "rm", "-f", "n");
        assertThat(ContainerCommand.listOrphans(c)).containsExactly("/usr/bin/podman", "ps", "-a", "--filter", "label=dev.clawdbot.sandbox.gateway",
                "--format", "{{.Names}} {{.Label \"dev.clawdbot.sandbox.gateway\"}}");
    }

    @Test
    void cgroupWrapperJoinsBeforeExec() throws Exception {
        Limits l = Limits.detect("auto", Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"));
        org.junit.jupiter.api.Assumptions.assumeTrue(l.kind() != Limits.Kind.RLIMIT, "no writable cgroups here");
        try (Limits.Group g = l.create("gtest-0-1", POLICY, null, 0)) {
            List<String> w = g.wrap(List.of("/usr/bin/bwrap"));
            assertThat(w.subList(0, 2)).containsExactly("/bin/sh", "-c");
            assertThat(w.get(2)).endsWith("exec \"$@\"").contains("gtest-0-1/cgroup.procs' || exit 125;");
            assertThat(w.subList(3, w.size())).containsExactly("clawdbot-sandbox", "/usr/bin/prlimit", "--cpu=20:21", "--", "/usr/bin/bwrap");
            if (l.kind() == Limits.Kind.CGROUP_V1) {
                assertThat(java.nio.file.Files.readString(l.parents().get("memory").resolve("gtest-0-1/memory.limit_in_bytes")).strip()).isEqualTo("268435456");
                assertThat(java.nio.file.Files.readString(l.parents().get("pids").resolve("gtest-0-1/pids.max")).strip()).isEqualTo("32");
                assertThat(java.nio.file.Files.readString(l.parents().get("cpu").resolve("gtest-0-1/cpu.cfs_quota_us")).strip()).isEqualTo("150000");
            }
        }
    }
}
