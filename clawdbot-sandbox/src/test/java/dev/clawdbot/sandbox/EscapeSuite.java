package dev.clawdbot.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Escape attempts, each asserting the exact way it fails. Subclasses supply a backend; the suite is skipped (with
 * the diagnostics as the reason) when that backend cannot run here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EscapeSuite {
    Path tmp;
    Path workspace;
    Path dataDir;
    Sandbox sandbox;

    abstract Sandbox create(Path runtimeDir, List<Path> protectedPaths);

    abstract Class<? extends SandboxBackend> expectedBackend();

    @BeforeAll
    void start() throws IOException {
        tmp = Files.createTempDirectory("escape");
        // traversable (not listable) by the sandbox's host uid, which bubblewrap needs to bind the workspace
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        dataDir = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(dataDir.resolve("clawdbot.yaml"), "telegram:\n  token: decoy-secret-token\n");
        Files.writeString(dataDir.resolve("clawdbot.db"), "decoy-secret-database");
        sandbox = create(tmp.resolve("run"), List.of(dataDir));
    }

    /** Per test, so a missing backend shows up as every case skipped, with the diagnostics as the reason. */
    @BeforeEach
    void requireBackend() {
        assumeTrue(expectedBackend().isInstance(sandbox.backend()),
                () -> "backend not available here, escape suite skipped: " + sandbox.diagnostics());
    }

    @AfterAll
    void stop() throws IOException {
        if (sandbox != null) sandbox.close();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    ExecResult sh(String script) throws Exception {
        return sandbox.exec(ExecRequest.shell(workspace, null, script));
    }

    ExecResult sh(Duration timeout, String script) throws Exception {
        return sandbox.exec(ExecRequest.shell(workspace, timeout, script));
    }

    ExecResult py(String code) throws Exception {
        return sandbox.exec(new ExecRequest(List.of("python3", "-c", code), null, null, workspace));
    }

    /** Python prints "errno <n>" for the OSError the call raises, or "ok". */
    ExecResult pyErrno(String setup, String call) throws Exception {
        return py(setup + "\ntry:\n    " + call + "\n    print('ok')\nexcept OSError as e:\n    print('errno', e.errno)\n");
    }

    static void exactly(ExecResult r, int exit, String stdout) {
        assertThat(r.timedOut()).as("timed out; stderr=%s", r.stderr()).isFalse();
        assertThat(r.stdout().strip()).as("stderr=%s", r.stderr()).isEqualTo(stdout);
        assertThat(r.exitCode()).as("stderr=%s", r.stderr()).isEqualTo(exit);
    }

    static void failsWith(ExecResult r, int exit, String stderrContains) {
        assertThat(r.timedOut()).isFalse();
        assertThat(r.stderr()).contains(stderrContains);
        assertThat(r.exitCode()).as("stderr=%s", r.stderr()).isEqualTo(exit);
    }

    // ---- positive control

    @Test
    void workspaceIsWritableAndSharedWithTheHost() throws Exception {
        exactly(sh("echo hello > /workspace/out.txt && cat /workspace/out.txt"), 0, "hello");
        assertThat(Files.readString(workspace.resolve("out.txt"))).isEqualTo("hello\n");
    }

    // ---- writes outside the workspace

    @Test
    void cannotWriteRoot() throws Exception {
        failsWith(sh("touch /evil"), 1, "Read-only file system");
    }

    @Test
    void cannotWriteUsr() throws Exception {
        failsWith(sh("touch /usr/bin/evil"), 1, "Read-only file system");
    }

    @Test
    void cannotWriteEtc() throws Exception {
        failsWith(sh("echo x > /etc/ld.so.cache"), 2, "Read-only file system");
    }

    @Test
    void cannotCreateHomeDirectories() throws Exception {
        failsWith(sh("mkdir /root"), 1, "Read-only file system");
    }

    @Test
    void cannotWriteGlobalSysctls() throws Exception {
        String before = Files.readString(Path.of("/proc/sys/vm/swappiness"));
        failsWith(sh("echo 7 > /proc/sys/vm/swappiness"), 2, "/proc/sys/vm/swappiness: " + sysctlRefusal());
        assertThat(Files.readString(Path.of("/proc/sys/vm/swappiness"))).isEqualTo(before);
    }

    @Test
    void cannotWriteKernelPanicSysctl() throws Exception {
        String before = Files.readString(Path.of("/proc/sys/kernel/panic"));
        failsWith(sh("echo 0 > /proc/sys/kernel/panic"), 2, "/proc/sys/kernel/panic: " + sysctlRefusal());
        assertThat(Files.readString(Path.of("/proc/sys/kernel/panic"))).isEqualTo(before);
    }

    @Test
    void cannotChangeTheHostname() throws Exception {
        failsWith(sh("echo evil > /proc/sys/kernel/hostname"), 2, "/proc/sys/kernel/hostname: " + sysctlRefusal());
        exactly(sh("cat /proc/sys/kernel/hostname"), 0, "sandbox");
    }

    /**
     * Bubblewrap mounts /proc/sys writable-looking but the sandbox uid lacks permission (EACCES); the container
     * engines mount /proc/sys read-only, and EROFS comes before the permission check.
     */
    String sysctlRefusal() {
        return sandbox.backend() instanceof SandboxBackend.Container ? "Read-only file system" : "Permission denied";
    }

    @Test
    void sysrqTriggerIsHidden() throws Exception {
        failsWith(sh("echo b > /proc/sysrq-trigger"), 2, "cannot create /proc/sysrq-trigger: Directory nonexistent");
    }

    @Test
    void sandboxUserIsNotRootOnTheHost() throws Exception {
        exactly(sh("touch /workspace/owned"), 0, "");
        assertThat(Files.getAttribute(workspace.resolve("owned"), "unix:uid")).isNotEqualTo(0);
    }

    @Test
    void tmpIsSizeCapped() throws Exception {
        failsWith(sh("head -c 8000000 /dev/zero > /tmp/big"), 1, "No space left on device");
    }

    /** Issue 11 item 9: with the rlimit fallback nothing bounded bubblewrap's /dev tmpfs. */
    @Test
    void devIsReadOnlyAndDevShmIsSizeCapped() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(sandbox.backend() instanceof SandboxBackend.Bubblewrap, "bubblewrap's /dev");
        exactly(pyErrno("", "open('/dev/big', 'w')"), 0, "errno 30");
        failsWith(sh("head -c 8000000 /dev/zero > /dev/shm/big"), 1, "No space left on device");
        exactly(sh("echo x > /dev/null && head -c 3 /dev/zero | wc -c"), 0, "3");
    }

    @Test
    void workspaceParentIsNotTheHostParent() throws Exception {
        exactly(sh("cd /workspace/.. && pwd && ls /workspace/../data 2>&1"), 2,
                "/\nls: cannot access '/workspace/../data': No such file or directory");
    }

    // ---- reading host secrets

    @Test
    void rootHomeIsInvisible() throws Exception {
        failsWith(sh("ls /root/.ssh"), 2, "No such file or directory");
    }

    @Test
    void homeIsInvisible() throws Exception {
        failsWith(sh("ls /home"), 2, "No such file or directory");
    }

    @Test
    void shadowIsInvisible() throws Exception {
        failsWith(sh("cat /etc/shadow"), 1, "/etc/shadow: No such file or directory");
    }

    @Test
    void configFileIsInvisible() throws Exception {
        failsWith(sh("cat " + dataDir.resolve("clawdbot.yaml")), 1, "No such file or directory");
    }

    @Test
    void databaseIsInvisible() throws Exception {
        failsWith(sh("cat " + dataDir.resolve("clawdbot.db")), 1, "No such file or directory");
    }

    @Test
    void noFileAnywhereHoldsTheDecoySecrets() throws Exception {
        exactly(sh(Duration.ofSeconds(20), "find / -path /proc -prune -o -name 'clawdbot.*' -print; echo done"), 0, "done");
    }

    @Test
    void noRawBlockDevicesOrMemory() throws Exception {
        exactly(sh("ls /dev/mem /dev/kmem /dev/sda /dev/port 2>&1 | grep -c 'No such file'"), 0, "4");
    }

    // ---- network

    @Test
    void tcpToAHostLoopbackListenerIsRefused() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            exactly(pyErrno("import socket", "socket.create_connection(('127.0.0.1', " + server.getLocalPort() + "), 2)"), 0, "errno 111");
        }
    }

    @Test
    void tcpToTheInternetIsUnreachable() throws Exception {
        exactly(pyErrno("import socket", "socket.create_connection(('1.1.1.1', 443), 2)"), 0, "errno 101");
    }

    @Test
    void udpToTheInternetIsUnreachable() throws Exception {
        exactly(pyErrno("import socket", "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('8.8.8.8', 53))"), 0, "errno 101");
    }

    @Test
    void ipv6IsUnreachable() throws Exception {
        exactly(pyErrno("import socket", "socket.create_connection(('2606:4700:4700::1111', 443), 2)"), 0, "errno 101");
    }

    @Test
    void dnsDoesNotResolve() throws Exception {
        exactly(py("import socket\ntry:\n    socket.getaddrinfo('example.com', 80)\n    print('resolved')\nexcept socket.gaierror as e:\n    print('gaierror', e.errno)"),
                0, "gaierror -3");
    }

    @Test
    void rawSocketsAreRefused() throws Exception {
        exactly(pyErrno("import socket", "socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)"), 0, "errno 1");
    }

    /** Issue 11 item 9: vsock is not network-namespaced; the filter refuses it like Docker's and Podman's do. */
    @Test
    void vsockSocketsAreRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(seccomp() || !(sandbox.backend() instanceof SandboxBackend.Bubblewrap),
                "no seccomp filter for this architecture");
        exactly(pyErrno("import socket", "socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM)"), 0, "errno 1");
        exactly(pyErrno("import socket", "socket.socket(socket.AF_VSOCK, socket.SOCK_DGRAM)"), 0, "errno 1");
        // other families still work
        exactly(pyErrno("import socket", "socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()"), 0, "ok");
    }

    @Test
    void packetSocketsAreRefused() throws Exception {
        exactly(pyErrno("import socket", "socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)"), 0, "errno 1");
    }

    @Test
    void onlyLoopbackInterfaceExists() throws Exception {
        exactly(sh("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"), 0, "lo");
    }

    @Test
    void cannotCreateNewNetworkNamespace() throws Exception {
        exactly(py("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nr = libc.unshare(0x40000000)\nprint(r, ctypes.get_errno())"), 0, "-1 1");
    }

    // ---- resource limits

    @Test
    void forkBombHitsThePidLimit() throws Exception {
        ExecResult r = py("import os, time\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            time.sleep(30)\n            os._exit(0)\n"
                + "        n += 1\nexcept OSError as e:\n    print('errno', e.errno, n < " + TestSandboxes.PIDS + ", flush=True)\n    os._exit(0)");
        exactly(r, 0, "errno 11 True");
    }

    @Test
    void shellForkBombIsContainedAndKilled() throws Exception {
        ExecResult r = sh(Duration.ofSeconds(2), "bomb() { bomb | bomb & }; bomb; sleep 10");
        // the pid limit makes fork fail; the main shell then exits 2, unless the wall clock kills the tree first
        assertThat(r.stderr()).contains("Cannot fork");
        assertThat(r.exitCode()).isEqualTo(r.timedOut() ? 137 : 2);
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void memoryBombIsKilled() throws Exception {
        ExecResult r = py("chunks = []\nwhile True:\n    chunks.append(bytearray(8 << 20))");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).as("stderr=%s", r.stderr()).isEqualTo(137);
    }

    @Test
    void cpuSpinIsStoppedByTheWallClock() throws Exception {
        ExecResult r = sh(Duration.ofMillis(700), "while :; do :; done");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void cpuTimeIsLimited() throws Exception {
        // RLIMIT_CPU of 1 s: the spinner gets SIGXCPU (128 + 24); the generous wall clock only guards a loaded machine.
        ExecResult r = sh(Duration.ofSeconds(45), "exec python3 -c 'while True: pass'");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).isEqualTo(152);
    }

    @Test
    void stdoutFloodIsTruncatedWithMarker() throws Exception {
        ExecResult r = sh("head -c 5000000 /dev/zero | tr '\\0' 'a'");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutTruncated()).isTrue();
        assertThat(r.stdout()).endsWith(ExecResult.TRUNCATED_MARKER);
        assertThat(r.stdout()).hasSize(TestSandboxes.OUTPUT + ExecResult.TRUNCATED_MARKER.length());
    }

    @Test
    void stderrFloodIsTruncatedWithMarker() throws Exception {
        ExecResult r = sh("head -c 5000000 /dev/zero | tr '\\0' 'b' >&2");
        assertThat(r.stderrTruncated()).isTrue();
        assertThat(r.stderr()).endsWith(ExecResult.TRUNCATED_MARKER);
        assertThat(r.stdoutTruncated()).isFalse();
    }

    @Test
    void endlessOutputIsKilledAtTheTimeout() throws Exception {
        ExecResult r = sh(Duration.ofMillis(800), "yes");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.stdout()).endsWith(ExecResult.TRUNCATED_MARKER);
    }

    // ---- processes and kernel interfaces

    @Test
    void hostProcessCannotBePtraced() throws Exception {
        long host = ProcessHandle.current().pid();
        exactly(py("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nr = libc.ptrace(16, " + host + ", 0, 0)\nprint(r, ctypes.get_errno())"), 0,
                "-1 " + (seccomp() ? 1 : 3));
    }

    /** Whether the backend installs the system-call filter (bubblewrap on x86_64/aarch64; the container profile). */
    boolean seccomp() {
        return sandbox.backend() instanceof SandboxBackend.Container
                || sandbox.backend() instanceof SandboxBackend.Bubblewrap && Seccomp.program(System.getProperty("os.arch")) != null;
    }

    ExecResult syscall(long nr, String args) throws Exception {
        return py("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nlibc.syscall.restype = ctypes.c_long\n"
                + "r = libc.syscall(" + nr + (args.isEmpty() ? "" : ", " + args) + ")\nprint(r, ctypes.get_errno())");
    }

    @Test
    void keyringsAreDenied() throws Exception {
        assumeTrue(seccomp() && System.getProperty("os.arch").equals("amd64"));
        // keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0)
        exactly(syscall(250, "0, -4, 0"), 0, "-1 1");
        exactly(syscall(248, "b'user', b'k', b'v', 1, -4"), 0, "-1 1");
    }

    @Test
    void bpfUserfaultfdPerfAndIoUringAreDenied() throws Exception {
        assumeTrue(seccomp() && System.getProperty("os.arch").equals("amd64"));
        exactly(syscall(321, "0, 0, 0"), 0, "-1 1");
        exactly(syscall(323, "0"), 0, "-1 1");
        exactly(syscall(298, "0, 0, -1, -1, 0"), 0, "-1 1");
        exactly(syscall(425, "8, 0"), 0, "-1 1");
    }

    @Test
    void crossProcessMemoryAccessIsDenied() throws Exception {
        assumeTrue(seccomp() && System.getProperty("os.arch").equals("amd64"));
        exactly(syscall(310, "1, 0, 0, 0, 0, 0"), 0, "-1 1");
    }

    @Test
    void noDescriptorsLeakIntoTheSandbox() throws Exception {
        exactly(py("import os\nprint(sorted(int(f) for f in os.listdir('/proc/self/fd')))"), 0, "[0, 1, 2, 3]");
    }

    @Test
    void hostProcessCannotBeSignalled() throws Exception {
        exactly(pyErrno("import os", "os.kill(" + ProcessHandle.current().pid() + ", 9)"), 0, "errno 3");
    }

    @Test
    void hostPidsAreInvisible() throws Exception {
        exactly(sh("test -e /proc/" + ProcessHandle.current().pid() + " && echo visible || echo invisible"), 0, "invisible");
    }

    @Test
    void killAllOnlyReachesTheSandbox() throws Exception {
        ExecResult r = sh("sleep 30 & kill -9 -1; wait $!; echo \"sleep ended $?\"");
        exactly(r, 0, "sleep ended 137");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void fewProcessesAreVisible() throws Exception {
        ExecResult r = sh("ls /proc | grep -c '^[0-9]'");
        assertThat(Integer.parseInt(r.stdout().strip())).isLessThanOrEqualTo(5);
    }

    @Test
    void setuidBinariesDoNotElevate() throws Exception {
        exactly(sh("/usr/bin/mount -t tmpfs none /tmp 2>/workspace/err; echo $?; head -1 /workspace/err"), 0, "32\nmount: /tmp: must be superuser to use mount.");
    }

    @Test
    void setuidToRootFails() throws Exception {
        // bubblewrap's user namespace maps no uid 0 (EINVAL); a container has uid 0 but no CAP_SETUID (EPERM)
        String errno = sandbox.backend() instanceof SandboxBackend.Container ? "errno 1" : "errno 22";
        exactly(py("import os\ntry:\n    os.setuid(0)\n    print('ok')\nexcept OSError as e:\n    print('errno', e.errno)\nprint(os.getuid(), os.geteuid())"),
                0, errno + "\n" + sandbox.config().policy().uid() + " " + sandbox.config().policy().uid());
    }

    @Test
    void mknodIsRefused() throws Exception {
        exactly(pyErrno("import os, stat", "os.mknod('/tmp/sda', 0o600 | stat.S_IFBLK, os.makedev(8, 0))"), 0, "errno 1");
    }

    @Test
    void mknodInTheWorkspaceIsRefused() throws Exception {
        exactly(pyErrno("import os, stat", "os.mknod('/workspace/mem', 0o600 | stat.S_IFCHR, os.makedev(1, 1))"), 0, "errno 1");
    }

    @Test
    void mountSyscallIsRefused() throws Exception {
        exactly(py("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nr = libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)\nprint(r, ctypes.get_errno())"), 0, "-1 1");
    }

    @Test
    void chrootIsRefused() throws Exception {
        exactly(pyErrno("import os", "os.chroot('/tmp')"), 0, "errno 1");
    }

    @Test
    void newUserNamespacesAreRefused() throws Exception {
        // bubblewrap limits the sandbox to its own user namespace (ENOSPC); the container profile refuses it (EPERM)
        String refused = sandbox.backend() instanceof SandboxBackend.Container ? "-1 1" : "-1 28";
        exactly(py("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nr = libc.unshare(0x10000000)\nprint(r, ctypes.get_errno())"), 0, refused);
        // clone3's flags are out of seccomp's reach: the profile makes it ENOSYS, so libc falls back to clone
        if (sandbox.backend() instanceof SandboxBackend.Container)
            exactly(py("import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\nlibc.syscall.restype = ctypes.c_long\n"
                    + "print(libc.syscall(435, 0, 0), ctypes.get_errno())\n"
                    + "print(libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0), ctypes.get_errno())"), 0, "-1 38\n-1 1");
    }

    @Test
    void noControllingTerminalForTiocsti() throws Exception {
        exactly(pyErrno("", "open('/dev/tty')"), 0, "errno 6");
    }

    @Test
    void tiocstiOnStdinIsRefused() throws Exception {
        // the filter refuses TIOCSTI outright (EPERM); without it stdin is a pipe, not a terminal (ENOTTY)
        exactly(pyErrno("import fcntl, termios", "fcntl.ioctl(0, termios.TIOCSTI, b'x')"), 0, "errno " + (seccomp() ? 1 : 25));
    }

    @Test
    void ordinaryIoctlsStillWork() throws Exception {
        exactly(pyErrno("import fcntl, termios, struct", "fcntl.ioctl(0, termios.FIONREAD, struct.pack('i', 0))"), 0, "ok");
    }

    @Test
    void runsInItsOwnSession() throws Exception {
        exactly(py("import os\nprint(os.getsid(0) == os.getpid() or os.getsid(0) != " + ProcessHandle.current().pid() + ")"), 0, "True");
    }

    @Test
    void daemonisedChildDiesAtTheTimeout() throws Exception {
        ExecResult r = sh(Duration.ofMillis(800), "setsid sh -c 'sleep 31.4159' & nohup sleep 31.4158 >/dev/null 2>&1 & sleep 20");
        assertThat(r.timedOut()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> hostProcessesWith("31.415").isEmpty());
    }

    @Test
    void daemonisedChildDiesWhenTheCommandExits() throws Exception {
        ExecResult r = sh("(setsid sleep 27.1828 &) ; exit 0");
        assertThat(r.exitCode()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> hostProcessesWith("27.1828").isEmpty());
    }

    static List<Long> hostProcessesWith(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    // ---- links

    @Test
    void symlinkToShadowLeadsNowhere() throws Exception {
        failsWith(sh("ln -sf /etc/shadow /workspace/s && cat /workspace/s"), 1, "No such file or directory");
    }

    @Test
    void symlinkToTheDataDirLeadsNowhere() throws Exception {
        failsWith(sh("ln -sf " + dataDir.resolve("clawdbot.db") + " /workspace/db && cat /workspace/db"), 1, "No such file or directory");
    }

    @Test
    void hardLinkToSystemFilesIsCrossDevice() throws Exception {
        failsWith(sh("ln /etc/ld.so.cache /workspace/hl"), 1, "Invalid cross-device link");
    }

    @Test
    void hardLinkToBinariesIsCrossDevice() throws Exception {
        failsWith(sh("ln /usr/bin/python3 /workspace/py"), 1, "Invalid cross-device link");
    }

    // ---- identity

    @Test
    void noEffectiveCapabilities() throws Exception {
        exactly(sh("grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status | tr -s '\\t' ' '"), 0,
                "CapInh: 0000000000000000\nCapPrm: 0000000000000000\nCapEff: 0000000000000000\nCapBnd: 0000000000000000\nCapAmb: 0000000000000000");
    }

    @Test
    void noNewPrivsIsSet() throws Exception {
        exactly(sh("grep '^NoNewPrivs' /proc/self/status | tr -s '\\t' ' '"), 0, "NoNewPrivs: 1");
    }

    @Test
    void uidIsNotRoot() throws Exception {
        exactly(sh("grep -E '^(Uid|Gid)' /proc/self/status | tr -s '\\t' ' '"), 0, "Uid: 65534 65534 65534 65534\nGid: 65534 65534 65534 65534");
    }

    @Test
    void gatewayEnvironmentValuesDoNotLeak() throws Exception {
        String env = sh("cat /proc/self/environ | tr '\\0' '\\n'").stdout();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getValue().length() >= 6 && !sandbox.config().policy().env().containsValue(e.getValue()))
                assertThat(env).as(e.getKey()).doesNotContain(e.getKey() + "=" + e.getValue());
        }
        assertThat(Stream.of(env.split("\n")).map(l -> l.split("=")[0]).toList()).doesNotContain("JAVA_HOME", "MAVEN_OPTS", "USER");
    }

    @Test
    void hostnameIsTheSandbox() throws Exception {
        exactly(sh("cat /proc/sys/kernel/hostname"), 0, "sandbox");
    }
}
