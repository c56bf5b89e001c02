package dev.clawdbot.fleet.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotifier;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.junit.jupiter.api.Test;

/** Faults the real OpenSSH server will not produce on demand, injected with Apache MINA SSHD: silence, slow auth, drops. */
class SshFaultsTest {
    private static final KeyPair HOST = ec();
    private static final KeyPair USER = ec();
    private static final String PRIVATE = openssh(USER);

    private static SshEndpoint endpoint(int port, Duration connectTimeout) {
        return new SshEndpoint("faulty", "127.0.0.1", port, "ops", PRIVATE, null, List.of(KeyUtils.getFingerPrint(HOST.getPublic())),
                null, null, connectTimeout);
    }

    private static SshPool pool() {
        return new SshPool(EventSink.NONE, OperatorNotifier.none(), Clock.systemUTC(), Duration.ofMinutes(5));
    }

    @Test
    void aServerThatNeverSpeaksFailsAtTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress()); SshPool pool = pool()) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(30_000);
                } catch (Exception e) {
                    // the test ended
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> pool.run(endpoint(silent.getLocalPort(), Duration.ofSeconds(1)), List.of("true"), Duration.ofSeconds(5), 100))
                    .isInstanceOfSatisfying(SshException.class, x -> assertThat(x.kind()).isEqualTo(SshException.Kind.CONNECT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void slowAuthenticationFailsWithinTheTimeout() throws Exception {
        try (SshServer sshd = server(true, new AtomicBoolean()); SshPool pool = pool()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> pool.run(endpoint(sshd.getPort(), Duration.ofSeconds(1)), List.of("true"), Duration.ofSeconds(5), 100))
                    .isInstanceOf(SshException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void aDroppedConnectionIsAnErrorAndTheNextRunReconnects() throws Exception {
        AtomicBoolean drop = new AtomicBoolean(true);
        try (SshServer sshd = server(false, drop); SshPool pool = pool()) {
            SshEndpoint e = endpoint(sshd.getPort(), Duration.ofSeconds(5));
            long start = System.nanoTime();
            RemoteResult dropped;
            try {
                dropped = pool.run(e, List.of("echo", "hi"), Duration.ofSeconds(5), 100);
                assertThat(dropped.ok()).as("a dropped session has no exit status").isFalse();
            } catch (java.io.IOException expected) {
                // also acceptable: the session failed
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            drop.set(false);
            RemoteResult r = pool.run(e, List.of("echo", "hi"), Duration.ofSeconds(5), 100);
            assertThat(r.ok()).isTrue();
            assertThat(r.stdout()).isEqualTo("hi\n");
        }
    }

    private static SshServer server(boolean slowAuth, AtomicBoolean drop) throws Exception {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(HOST));
        sshd.setPublickeyAuthenticator((user, key, session) -> {
            if (slowAuth) {
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return KeyUtils.compareKeys(key, USER.getPublic());
        });
        sshd.setCommandFactory((channel, command) -> {
            if (drop.get()) {
                // The connection goes away under the running command, as on a server reboot.
                channel.getSession().close(true);
            }
            return new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel);
        });
        sshd.start();
        return sshd;
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String openssh(KeyPair kp) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "test", null, out);
            return out.toString(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
