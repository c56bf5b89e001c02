package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.HostConfig;
import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.testkit.RecordingEvents;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SshActionExecutorTest {

    @AutoClose
    static TestSshServer server;
    @TempDir
    Path dir;
    final RecordingEvents events = new RecordingEvents();

    @BeforeAll
    static void start() throws Exception {
        server = new TestSshServer();
    }

    HostConfig host(String fingerprint, Path knownHosts, String dockerProgram) {
        return new HostConfig("127.0.0.1", server.port(), TestSshServer.USER, server.clientPrivateKey().strip(), null, fingerprint, knownHosts,
                Duration.ofSeconds(5), dockerProgram, dir.resolve("markers").toString());
    }

    SshActionExecutor executor(HostConfig h, Duration timeout, int maxOutput) {
        return new SshActionExecutor("web1", h, timeout, maxOutput, events, Clock.systemUTC());
    }

    SshActionExecutor pinned() {
        return executor(host(server.fingerprint(), null, null), Duration.ofSeconds(20), 64 * 1024);
    }

    static ProposedAction remote(String... argv) {
        return new ProposedAction.Command("web1", List.of(argv));
    }

    /** A host of the fleet's inventory ({@code hosts:}) with no key pinned until {@code clawdbot hosts pin} records one. */
    @Test
    void aFleetInventoryHostIsRefusedUntilPinnedThenExecutedOn() throws Exception {
        var pins = new dev.clawdbot.fleet.hosts.PinStore(dir.resolve("data"));
        var inventory = dev.clawdbot.fleet.hosts.Inventory.of(java.util.Map.of("gpu1", new dev.clawdbot.fleet.hosts.HostSpec("127.0.0.1",
                server.port(), TestSshServer.USER, server.clientPrivateKey().strip(), null, null, null, "gpu", null, null,
                Duration.ofSeconds(5), null)), pins);
        SshActionExecutor x = new SshActionExecutor("gpu1", () -> inventory.endpoint("gpu1"), "docker", dir.resolve("markers-gpu1").toString(),
                "hosts.gpu1.privateKey", Duration.ofSeconds(20), 64 * 1024, events, Clock.systemUTC());
        int before = server.execs.get();
        ActionExecutor.Result refused = x.execute(remote("echo", "hi"), "req-gpu:0:a");
        assertThat(refused.exitCode()).isEqualTo(-1);
        assertThat(refused.output()).contains("no key is pinned").contains("clawdbot hosts pin gpu1").endsWith("nothing was executed");
        assertThat(server.execs.get()).isEqualTo(before);
        pins.record("gpu1", "127.0.0.1", server.port(), server.hostKey.getPublic());
        ActionExecutor.Result ran = x.execute(remote("echo", "hi"), "req-gpu:0:b");
        assertThat(ran.exitCode()).isZero();
        assertThat(ran.output()).isEqualTo("hi\n");
    }

    @Test
    void ourFingerprintIsOpenSshs() {
        assertThat(dev.clawdbot.fleet.ssh.HostKeys.fingerprint(server.hostKey.getPublic())).isEqualTo(server.fingerprint());
    }

    @Test
    void shellMetacharactersReachTheProgramAsLiteralBytes() throws Exception {
        Path canary = dir.resolve("pwned");
        List<String> hostile = List.of("$(touch " + canary + ")", "`touch " + canary + "`", "; touch " + canary, "| touch " + canary,
                "&& touch " + canary, "'", "''", "\"", "\\", "\\'", "a b\tc", "line1\nline2", "\r\n", "*", "~", "$HOME", "${PATH}",
                "!", "#comment", "-n", "", "%s%n", "é ☃", "'; touch " + canary + "; '", "\"$(touch " + canary + ")\"");
        List<String> argv = new ArrayList<>(List.of("printf", "[%s]"));
        argv.addAll(hostile);
        ActionExecutor.Result r = pinned().execute(remote(argv.toArray(String[]::new)), "req1:0:h");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).isEqualTo(String.join("", hostile.stream().map(s -> "[" + s + "]").toList()));
        assertThat(canary).doesNotExist();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 1234})
    void randomHostileArgumentsRoundTrip(long seed) throws Exception {
        Random rnd = new Random(seed);
        String alphabet = "'\"`$()\\;|&<>*?[]{}~!#%\n\r\t =:-_.,/aZ9é☃";
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = rnd.nextInt(12); n > 0; n--) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            args.add(sb.toString());
        }
        List<String> argv = new ArrayList<>(List.of("printf", "<%s>"));
        argv.addAll(args);
        ActionExecutor.Result r = pinned().execute(remote(argv.toArray(String[]::new)), "req-" + seed + ":0:h");
        assertThat(r.output()).isEqualTo(String.join("", args.stream().map(s -> "<" + s + ">").toList()));
    }

    @Test
    void nulCannotBeQuoted() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShellQuote.quote("a\0b")).hasMessageContaining("NUL");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> remote("echo", "a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void exitCodeAndIdempotencyKeyReachTheCaller() throws Exception {
        ActionExecutor.Result r = pinned().execute(remote("sh", "-c", "printf %s \"$CLAWDBOT_IDEMPOTENCY_KEY\"; exit 7"), "req2:0:abc");
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.output()).isEqualTo("req2:0:abc");
        Path marker = dir.resolve("markers").resolve(SshActionExecutor.marker("req2:0:abc"));
        assertThat(Files.readString(marker.resolve("exit")).strip()).isEqualTo("7");
        assertThat(Files.readString(marker.resolve("key")).strip()).isEqualTo("req2:0:abc");
    }

    @Test
    void theSameKeyNeverRunsTwiceOnTheHost() throws Exception {
        Path counter = dir.resolve("count");
        ProposedAction append = remote("sh", "-c", "echo x >> " + counter);
        assertThat(pinned().execute(append, "req3:0:h").exitCode()).isZero();
        ActionExecutor.Result again = pinned().execute(append, "req3:0:h");
        assertThat(again.exitCode()).isEqualTo(SshActionExecutor.ALREADY_RUN);
        assertThat(again.output()).contains("already used on this host; not run again");
        assertThat(Files.readAllLines(counter)).hasSize(1);
        assertThat(pinned().execute(append, "req4:0:h").exitCode()).isZero();
        assertThat(Files.readAllLines(counter)).hasSize(2);
    }

    @Test
    void outputIsCappedButTheCommandStillCompletes() throws Exception {
        ActionExecutor.Result r = executor(host(server.fingerprint(), null, null), Duration.ofSeconds(20), 1024)
                .execute(remote("sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a; echo done >&2; exit 3"), "req5:0:h");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).startsWith("a".repeat(1024)).contains("[output truncated: ");
    }

    @Test
    void aCommandPastItsTimeoutIsReportedAs124() throws Exception {
        ActionExecutor.Result r = executor(host(server.fingerprint(), null, null), Duration.ofSeconds(1), 4096)
                .execute(remote("sh", "-c", "echo started; sleep 30"), "req6:0:h");
        assertThat(r.exitCode()).isEqualTo(124);
        assertThat(r.output()).contains("started").contains("timed out after 1s on host web1");
    }

    @Test
    void aWrongPinnedKeyIsRefusedBeforeAnythingRuns() throws Exception {
        Path canary = dir.resolve("ran");
        String other = org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(TestSshServer.ecKey().getPublic());
        int before = server.execs.get();
        ActionExecutor.Result r = executor(host(other, null, null), Duration.ofSeconds(5), 4096).execute(remote("touch", canary.toString()), "req7:0:h");
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.output()).contains("refused: host web1 (127.0.0.1:" + server.port() + ") offered host key ecdsa-sha2-nistp256 " + server.fingerprint())
                .contains("not the pinned " + other).contains("nothing was executed");
        assertThat(canary).doesNotExist();
        assertThat(server.execs.get()).isEqualTo(before);
        assertThat(events.ofType("broker.exec.hostkey.refused")).singleElement().satisfies(e -> {
            assertThat(e.level()).isGreaterThanOrEqualTo(10);
            assertThat(e.fields()).containsEntry("host", "web1");
        });
    }

    @Test
    void knownHostsAcceptsItsEntryAndRefusesUnknownOrChangedKeys() throws Exception {
        Path good = Files.writeString(dir.resolve("known_hosts"), "# fleet\n" + server.knownHostsLine() + "\n");
        assertThat(executor(host(null, good, null), Duration.ofSeconds(10), 4096).execute(remote("true"), "req8:0:h").exitCode()).isZero();

        Path unknown = Files.writeString(dir.resolve("unknown"), "[127.0.0.1]:1 " + server.knownHostsLine().split(" ", 2)[1] + "\n");
        ActionExecutor.Result r1 = executor(host(null, unknown, null), Duration.ofSeconds(10), 4096).execute(remote("true"), "req9:0:h");
        assertThat(r1.output()).startsWith("refused: ").contains("not the known_hosts entries");

        String changed = "[127.0.0.1]:" + server.port() + " " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(TestSshServer.ecKey().getPublic());
        Path wrong = Files.writeString(dir.resolve("changed"), changed + "\n");
        ActionExecutor.Result r2 = executor(host(null, wrong, null), Duration.ofSeconds(10), 4096).execute(remote("true"), "req10:0:h");
        assertThat(r2.output()).startsWith("refused: ");
        assertThat(events.ofType("broker.exec.hostkey.refused")).hasSize(2);

        ActionExecutor.Result r3 = executor(host(null, dir.resolve("missing"), null), Duration.ofSeconds(10), 4096).execute(remote("true"), "req11:0:h");
        assertThat(r3.output()).contains("knownHostsFile").contains("does not exist").contains("nothing was executed");
    }

    @Test
    void aKeyTheHostDoesNotAcceptIsAClearFailure() throws Exception {
        HostConfig h = new HostConfig("127.0.0.1", server.port(), TestSshServer.USER, TestSshServer.openssh(TestSshServer.ecKey()), null,
                server.fingerprint(), null, Duration.ofSeconds(5), null, dir.resolve("m").toString());
        ActionExecutor.Result r = executor(h, Duration.ofSeconds(5), 4096).execute(remote("true"), "req12:0:h");
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.output()).contains("did not accept the key for user ops");
    }

    @Test
    void anUnreadableKeyIsReportedWithoutItsContent() throws Exception {
        String garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END OPENSSH PRIVATE KEY-----\n";
        HostConfig h = new HostConfig("127.0.0.1", server.port(), TestSshServer.USER, garbage, null, server.fingerprint(), null,
                Duration.ofSeconds(5), null, dir.resolve("m").toString());
        ActionExecutor.Result r = executor(h, Duration.ofSeconds(5), 4096).execute(remote("true"), "req18:0:h");
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.output()).contains("cannot read broker.hosts.web1.privateKey").doesNotContain("c2VjcmV0");
    }

        @Test
    void filesAreWrittenAtomicallyWithTheirModeAndDeletedOverSftp() throws Exception {
        Path target = dir.resolve("etc/app/app.conf");
        ProposedAction write = new ProposedAction.File("web1", target.toString(), ProposedAction.File.Operation.WRITE, "listen 80;\n'$(x)'\n", "0640");
        ActionExecutor.Result r = pinned().execute(write, "req13:0:h");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Files.readString(target)).isEqualTo("listen 80;\n'$(x)'\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        try (var s = Files.list(target.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("app.conf");
        }

        String big = "x".repeat(200_000) + "é";
        ProposedAction overwrite = new ProposedAction.File("web1", target.toString(), ProposedAction.File.Operation.WRITE, big, null);
        assertThat(pinned().execute(overwrite, "req14:0:h").exitCode()).isZero();
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(big);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).as("mode kept").isEqualTo("rw-r-----");

        ProposedAction delete = new ProposedAction.File("web1", target.toString(), ProposedAction.File.Operation.DELETE, null, null);
        assertThat(pinned().execute(delete, "req15:0:h").output()).startsWith("deleted ");
        assertThat(target).doesNotExist();
        assertThat(pinned().execute(delete, "req16:0:h").output()).startsWith("already absent");
    }

    @Test
    void containersGoThroughTheHostsDockerCli() throws Exception {
        Path docker = dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nprintf 'docker %s\\n' \"$*\"\n");
        docker.toFile().setExecutable(true);
        SshActionExecutor ex = executor(host(server.fingerprint(), null, docker.toString()), Duration.ofSeconds(10), 4096);
        ActionExecutor.Result r = ex.execute(new ProposedAction.Container("web1", "web", ProposedAction.Container.Operation.RESTART), "req17:0:h");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).isEqualTo("docker restart web\n");
    }
}
