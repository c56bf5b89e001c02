package dev.clawdbot.ops.checks;

import dev.clawdbot.ops.OpsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real TLS server on loopback presenting a self-signed certificate made by the JDK's keytool, valid 30 days. */
class TlsExpiryTest {
    @TempDir
    Path dir;
    private SSLServerSocket server;
    private Instant made;
    private String endpoint;

    @BeforeEach
    void startServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        made = Instant.now();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        endpoint = "127.0.0.1:" + server.getLocalPort();
        Thread.startVirtualThread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    ((SSLSocket) s).startHandshake();
                } catch (IOException e) {
                    // a closed server or a client that hung up: next
                }
            }
        });
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private List<Finding> checkAt(Instant now, int warn, int critical, List<String> endpoints) {
        return new TlsExpiry(warn, critical, Duration.ofSeconds(20), Clock.fixed(now, ZoneOffset.UTC)).check(endpoints);
    }

    @Test
    void daysLeftOnTheRealCertificateGiveTheSeverity() {
        assertThat(checkAt(made, 21, 7, List.of(endpoint))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
            assertThat(f.subject()).isEqualTo(endpoint);
            assertThat(f.message()).matches("certificate expires in (29|30) days \\(.*\\)");
        });
        assertThat(checkAt(made.plus(Duration.ofDays(15)), 21, 7, List.of(endpoint))).singleElement()
                .extracting(Finding::severity).isEqualTo(Finding.Severity.WARNING);
        assertThat(checkAt(made.plus(Duration.ofDays(25)), 21, 7, List.of(endpoint))).singleElement()
                .extracting(Finding::severity).isEqualTo(Finding.Severity.CRITICAL);
        assertThat(checkAt(made.plus(Duration.ofDays(31)), 21, 7, List.of(endpoint))).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("certificate expired on "));
    }

    @Test
    void anEndpointThatDoesNotAnswerIsAWarningAndTheOthersAreStillChecked() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<Finding> findings = checkAt(made, 21, 7, List.of("127.0.0.1:" + closedPort, endpoint));
        assertThat(findings).extracting(Finding::severity).containsExactly(Finding.Severity.WARNING, Finding.Severity.INFO);
        assertThat(findings.getFirst().message()).startsWith("no TLS handshake: ");
    }

    @Test
    void endpointsAndThresholdsAreValidatedNamingTheKey() {
        assertThatThrownBy(() -> new OpsConfig.TlsConfig(List.of("example.org"), null, null))
                .hasMessage("ops.tls.endpoints: example.org is not host:port (port 1..65535)");
        assertThatThrownBy(() -> new OpsConfig.TlsConfig(List.of("example.org:70000"), null, null))
                .hasMessageStartingWith("ops.tls.endpoints: example.org:70000");
        assertThatThrownBy(() -> new OpsConfig.TlsConfig(null, 5, 10)).hasMessageStartingWith("ops.tls: need 0 <= criticalDays <= warnDays");
        assertThat(new OpsConfig.TlsConfig(null, null, null)).isEqualTo(new OpsConfig.TlsConfig(List.of(), 21, 7));
    }
}
