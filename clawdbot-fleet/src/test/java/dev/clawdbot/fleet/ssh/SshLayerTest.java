package dev.clawdbot.fleet.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH layer against a real OpenSSH server: pinning, refusal, key auth, reuse, caps, timeouts, jump host. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SshLayerTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static final List<Event> events = new CopyOnWriteArrayList<>();
    static final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sshd = new RealSshd(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
    }

    private static SshPool pool() {
        return new SshPool(events::add, notices::add, Clock.systemUTC(), Duration.ofMinutes(5));
    }

    @Test
    void runsAnArgvWithKeyAuthOnAPinnedHostAndReusesTheConnection() throws Exception {
        try (SshPool pool = pool()) {
            SshEndpoint e = sshd.endpoint("web1", List.of(sshd.fingerprint()));
            RemoteResult r = pool.run(e, List.of("printf", "%s|", "a b", "$(id)", "it's"), Duration.ofSeconds(10), 4096);
            assertThat(r.ok()).isTrue();
            assertThat(r.stdout()).isEqualTo("a b|$(id)|it's|");
            // SSH_CLIENT names the client's source port: the same value twice means the same TCP connection.
            RemoteResult first = pool.run(e, List.of("printenv", "SSH_CLIENT"), Duration.ofSeconds(10), 4096);
            RemoteResult second = pool.run(e, List.of("printenv", "SSH_CLIENT"), Duration.ofSeconds(10), 4096);
            assertThat(first.stdout()).isNotBlank().isEqualTo(second.stdout());
            assertThat(pool.openConnections()).isEqualTo(1);
            RemoteResult err = pool.run(e, List.of("sh", "-c", "echo oops >&2; exit 3"), Duration.ofSeconds(10), 4096);
            assertThat(err.exitCode()).isEqualTo(3);
            assertThat(err.stderr()).isEqualTo("oops\n");
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (SshPool pool = new SshPool(events::add, notices::add, Clock.systemUTC(), Duration.ofMillis(300))) {
            assertThat(pool.run(sshd.endpoint("web1", List.of(sshd.fingerprint())), List.of("true"), Duration.ofSeconds(10), 100).ok()).isTrue();
            assertThat(pool.openConnections()).isEqualTo(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (pool.openConnections() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(pool.openConnections()).isZero();
        }
    }

    @Test
    void aKnownHostsEntryPinsTheKeyToo() throws Exception {
        String pin = HostKeys.pin(sshd.knownHostsLine());
        assertThat(pin).isEqualTo(sshd.fingerprint());
        try (SshPool pool = pool()) {
            assertThat(pool.run(sshd.endpoint("web1", List.of(pin)), List.of("true"), Duration.ofSeconds(10), 100).ok()).isTrue();
        }
    }

    @Test
    void outputIsCappedPerStreamAndTheRestDrained() throws Exception {
        try (SshPool pool = pool()) {
            RemoteResult r = pool.run(sshd.endpoint("web1", List.of(sshd.fingerprint())),
                    List.of("head", "-c", "3000000", "/dev/zero"), Duration.ofSeconds(20), 1000);
            assertThat(r.ok()).isTrue();
            assertThat(r.stdout()).hasSize(1000);
            assertThat(r.truncated()).isTrue();
        }
    }

    @Test
    void aCommandPastItsTimeoutIsKilled() throws Exception {
        try (SshPool pool = pool()) {
            long start = System.nanoTime();
            RemoteResult r = pool.run(sshd.endpoint("web1", List.of(sshd.fingerprint())), List.of("sleep", "30"), Duration.ofSeconds(1), 100);
            assertThat(r.timedOut()).isTrue();
            assertThat(r.exitCode()).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void anUnpinnedHostIsRefusedAndItsKeyShownNeverLearned() throws Exception {
        events.clear();
        notices.clear();
        try (SshPool pool = pool()) {
            SshEndpoint e = sshd.endpoint("new1", List.of());
            assertThatThrownBy(() -> pool.run(e, List.of("true"), Duration.ofSeconds(5), 100))
                    .isInstanceOfSatisfying(SshException.class, x -> {
                        assertThat(x.kind()).isEqualTo(SshException.Kind.HOST_KEY_UNKNOWN);
                        assertThat(x.getMessage()).contains("no key is pinned").contains("clawdbot hosts pin new1");
                    });
            // Refused again: nothing was remembered.
            assertThatThrownBy(() -> pool.run(e, List.of("true"), Duration.ofSeconds(5), 100)).isInstanceOf(SshException.class);
        }
        assertThat(HostKeys.fingerprint(SshConnector.offeredKey(sshd.endpoint("new1", List.of())))).isEqualTo(sshd.fingerprint());
        assertThat(events).anySatisfy(ev -> {
            assertThat(ev.type()).isEqualTo("fleet.ssh.hostkey.refused");
            assertThat(ev.level()).isEqualTo(SshPool.UNKNOWN_LEVEL);
        });
        assertThat(notices).isNotEmpty();
    }

    @Test
    void aJumpHostTunnelsWithDirectTcpip() throws Exception {
        SshEndpoint jump = sshd.endpoint("bastion", List.of(sshd.fingerprint()));
        SshEndpoint inner = new SshEndpoint("inner", "127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(sshd.fingerprint()),
                null, jump, Duration.ofSeconds(5));
        try (SshPool pool = pool()) {
            RemoteResult r = pool.run(inner, List.of("printenv", "SSH_CLIENT"), Duration.ofSeconds(10), 4096);
            assertThat(r.ok()).isTrue();
            // The inner session comes from the bastion's sshd over loopback, not from this JVM's socket.
            assertThat(r.stdout()).startsWith("127.0.0.1 ");
        }
    }

    /** Last: it replaces the host key (and restarts the server), which the other tests pin. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void zz_aChangedHostKeyIsRefusedAndAlerted() throws Exception {
        String old = sshd.fingerprint();
        events.clear();
        notices.clear();
        try (SshPool pool = pool()) {
            SshEndpoint e = sshd.endpoint("web1", List.of(old));
            assertThat(pool.run(e, List.of("true"), Duration.ofSeconds(5), 100).ok()).isTrue();
            sshd.stop();
            sshd.newHostKey();
            sshd.start();
            // The pooled connection died with the old server; the reconnect meets the new key and is refused.
            assertThatThrownBy(() -> pool.run(e, List.of("true"), Duration.ofSeconds(5), 100))
                    .isInstanceOfSatisfying(SshException.class, x -> {
                        assertThat(x.kind()).isEqualTo(SshException.Kind.HOST_KEY_CHANGED);
                        assertThat(x.offered()).endsWith(currentFingerprint());
                        assertThat(x.getMessage()).contains("which is not the pinned " + old);
                    });
        }
        assertThat(events).singleElement().satisfies(ev -> {
            assertThat(ev.type()).isEqualTo("fleet.ssh.hostkey.refused");
            assertThat(ev.level()).isGreaterThanOrEqualTo(10);
            assertThat(ev.fields()).containsEntry("reason", "changed").containsEntry("host", "web1");
        });
        assertThat(notices).singleElement().satisfies(n -> assertThat(n.subject()).contains("CHANGED"));
    }

    private static String currentFingerprint() {
        try {
            return sshd.fingerprint();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
