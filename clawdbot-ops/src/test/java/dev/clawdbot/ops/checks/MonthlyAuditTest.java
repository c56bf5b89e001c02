package dev.clawdbot.ops.checks;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class MonthlyAuditTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-15T03:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void packageDiffStoresTheRealInventoryThenReportsWhatChanged() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/dpkg-query"))).as("dpkg-query is installed").isTrue();
        List<CommandRunner.Audit> ran = new ArrayList<>();
        CommandRunner runner = new CommandRunner(List.of(PackageDiff.ARGV), Duration.ofMinutes(1), ran::add);
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            SnapshotStore store = new SnapshotStore(db);
            List<Finding> first = new PackageDiff(runner, store, CLOCK).check();
            assertThat(first).singleElement().extracting(Finding::message).asString().contains("packages installed; inventory stored");
            Map<String, String> real = PackageDiff.parse(store.get(PackageDiff.SNAPSHOT).orElseThrow().content());
            assertThat(real).containsKey("dpkg");
            // Pretend last month had a package since removed, lacked dpkg, and had another version of bash.
            Map<String, String> lastMonth = new java.util.TreeMap<>(real);
            lastMonth.put("telnetd", "0.17-44");
            lastMonth.remove("dpkg");
            lastMonth.put("bash", "4.0-old");
            store.put(PackageDiff.SNAPSHOT, Instant.parse("2026-11-15T03:00:00Z"), PackageDiff.render(lastMonth));
            List<Finding> second = new PackageDiff(runner, store, CLOCK).check();
            assertThat(second).extracting(Finding::subject).containsExactly("added", "removed", "upgraded or downgraded", "");
            assertThat(second.get(0).message()).startsWith("1 since 2026-11-15T03:00:00Z: dpkg ");
            assertThat(second.get(1).message()).endsWith("telnetd 0.17-44");
            assertThat(second.get(2).message()).contains("bash 4.0-old -> " + real.get("bash"));
            assertThat(ran).hasSize(2).allSatisfy(a -> assertThat(a.exitCode()).isZero());
        }
    }

    @Test
    void listeningPortsParseTheKernelTableAndFindOurOwnSocketInTheRealProc() throws Exception {
        String table = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1082 1 0 100 0 0 10 0
                   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 2001 1 0 100 0 0 10 0
                   2: 0100007F:8357 0100007F:D028 06 00000000:00000000 03:00000DB5 00000000     0        0 0 3 0
                """;
        assertThat(ListeningPorts.parse(table)).containsExactly(new ListeningPorts.Listener("0.0.0.0", 22, 1082),
                new ListeningPorts.Listener("127.0.0.1", 5432, 2001));
        assertThat(ListeningPorts.address("00000000000000000000000000000000")).isEqualTo("::");
        assertThat(ListeningPorts.address("00000000000000000000000001000000")).isEqualTo("::1");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Finding> f = new ListeningPorts(Path.of("/proc")).check();
            assertThat(f).anySatisfy(x -> assertThat(x.message()).contains("127.0.0.1:" + s.getLocalPort() + " (java/" + ProcessHandle.current().pid() + ")"));
        }
    }

    @Test
    void sshdSettingsAreJudgedAndTheRealSshdIsAsked() {
        Map<String, String> s = SshdSettings.parse("port 22\npermitrootlogin yes\npasswordauthentication yes\npermitemptypasswords no\nx11forwarding no\n");
        assertThat(SshdSettings.judge(s)).extracting(Finding::severity).containsExactly(Finding.Severity.WARNING, Finding.Severity.WARNING, Finding.Severity.INFO);
        assertThat(SshdSettings.judge(SshdSettings.parse("permitemptypasswords yes\n")).getFirst().severity()).isEqualTo(Finding.Severity.CRITICAL);
        assumeThat(Files.isExecutable(Path.of("/usr/sbin/sshd"))).as("sshd is installed").isTrue();
        List<CommandRunner.Audit> ran = new ArrayList<>();
        List<Finding> real = new SshdSettings(new CommandRunner(List.of(SshdSettings.ARGV), Duration.ofSeconds(30), ran::add)).check();
        assertThat(ran).singleElement().extracting(CommandRunner.Audit::argv).isEqualTo(SshdSettings.ARGV);
        // sshd -T needs host keys; without them it exits 1 and the check says so as a WARNING
        assertThat(real).last().satisfies(x -> assertThat(x.message()).containsAnyOf("PermitRootLogin", "sshd -T exited"));
    }

    @Test
    void accountsListLoginUsersSecondRootsAndPasswordlessSudo() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                alice:x:1000:1000:Alice:/home/alice:/bin/zsh
                toor:x:0:0::/root:/bin/sh
                """);
        Files.writeString(etc.resolve("sudoers"), "Defaults env_reset\n# comment\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n");
        Files.createDirectories(etc.resolve("sudoers.d"));
        Files.writeString(etc.resolve("sudoers.d/deploy"), "alice ALL=(root) NOPASSWD: \\\n  /usr/bin/systemctl restart app\n");
        Files.writeString(etc.resolve("sudoers.d/README.txt"), "bob ALL=(ALL) NOPASSWD: ALL\n");
        List<Finding> f = new Accounts(etc).check();
        assertThat(f).filteredOn(x -> x.severity() == Finding.Severity.CRITICAL).singleElement().extracting(Finding::subject).isEqualTo("toor");
        assertThat(f).anySatisfy(x -> assertThat(x.message()).isEqualTo("3 with a login shell: root (/bin/bash), alice (/bin/zsh), toor (/bin/sh)"));
        assertThat(f).filteredOn(x -> x.severity() == Finding.Severity.WARNING).singleElement().extracting(Finding::message)
                .isEqualTo("password-less sudo: deploy: alice ALL=(root) NOPASSWD:  /usr/bin/systemctl restart app");
        assertThat(new Accounts(Path.of("/etc")).check()).anySatisfy(x -> assertThat(x.message()).contains("root (/bin/"));
    }

    @Test
    void worldWritableFindsFilesAndNonStickyDirsButNotThroughSymlinks() throws Exception {
        Path root = Files.createDirectories(dir.resolve("r"));
        Files.setPosixFilePermissions(Files.writeString(root.resolve("open.conf"), "x"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(root.resolve("fine.conf"), "x");
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Path shared = Files.createDirectories(root.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.setPosixFilePermissions(Files.writeString(outside.resolve("x"), "x"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        List<Finding> f = new WorldWritable(Duration.ofSeconds(30)).check(List.of(root));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(x.message()).contains(root.resolve("open.conf").toString(), shared + "/").doesNotContain("outside", tmp + "/");
        });
    }

    @Test
    void diskBreakdownSumsDirectoriesWithoutFollowingSymlinks() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        Files.write(Files.createDirectories(root.resolve("a/b/c/d")).resolve("deep"), new byte[4000]);
        Files.write(Files.createDirectories(root.resolve("e")).resolve("f"), new byte[1000]);
        Path big = Files.write(Files.createDirectories(dir.resolve("big")).resolve("g"), new byte[100_000]);
        Files.createSymbolicLink(root.resolve("link"), big.getParent());
        DiskBreakdown.Result r = new DiskBreakdown(3, Duration.ofSeconds(30)).walk(root);
        assertThat(r.total()).isEqualTo(5000);
        assertThat(r.complete()).isTrue();
        assertThat(r.largest()).containsExactly(new DiskBreakdown.Usage(root.resolve("a"), 4000), new DiskBreakdown.Usage(root.resolve("a/b"), 4000),
                new DiskBreakdown.Usage(root.resolve("a/b/c"), 4000));
        List<Finding> f = new DiskBreakdown(2, Duration.ofSeconds(30)).check(List.of(root));
        assertThat(f).singleElement().extracting(Finding::message).asString().startsWith("0.0 MiB in 3 files on this filesystem; largest:");
    }
}
