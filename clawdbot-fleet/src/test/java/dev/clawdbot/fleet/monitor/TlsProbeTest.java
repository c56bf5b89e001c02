package dev.clawdbot.fleet.monitor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS certificate monitors against local TLS servers with certificates the test makes with the JDK's keytool: a
 * small CA and a leaf it signed, a self-signed leaf, one expiring in 5 days and one already expired.
 */
class TlsProbeTest {
    private static final String PASS = "changeit";
    @TempDir
    static Path dir;
    private static final List<ServerSocket> servers = new ArrayList<>();
    private static int good;
    private static int selfSigned;
    private static int soon;
    private static int expired;
    private static int plain;

    @BeforeAll
    static void makeCertificatesAndServers() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA",
                "-ext", "bc:c", "-validity", "365", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-keystore", "good.p12");
        keytool("-certreq", "-alias", "leaf", "-keystore", "good.p12", "-file", "good.csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "good.csr", "-outfile", "good.pem", "-rfc",
                "-ext", "SAN=dns:localhost", "-validity", "90");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "good.p12");
        keytool("-importcert", "-alias", "leaf", "-file", "good.pem", "-keystore", "good.p12");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "90", "-keystore", "self.p12");
        keytool("-exportcert", "-rfc", "-alias", "leaf", "-keystore", "self.p12", "-file", "self.pem");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "5", "-keystore", "soon.p12");
        keytool("-exportcert", "-rfc", "-alias", "leaf", "-keystore", "soon.p12", "-file", "soon.pem");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-startdate", "-20d", "-validity", "10", "-keystore", "expired.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=monitor",
                "-validity", "90", "-keystore", "client.p12");
        keytool("-exportcert", "-alias", "client", "-keystore", "client.p12", "-file", "client.cer");
        good = serve("good.p12");
        selfSigned = serve("self.p12");
        soon = serve("soon.p12");
        expired = serve("expired.p12");
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(s);
        Thread.ofVirtual().start(() -> acceptAndClose(s));
        plain = s.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServerSocket s : servers) s.close();
    }

    static CheckResult check(String host, int port, String extra) {
        return Probe.of(Specs.of("name: t, type: TLS, timeout: PT3S, host: " + host + ", port: " + port + extra),
                HttpClient.newHttpClient(), Clock.systemUTC()).check();
    }

    @Test
    void aCertificateFromTheTrustedCaForTheHostPasses() {
        CheckResult r = check("localhost", good, ", caFile: '" + dir.resolve("ca.pem") + "'");
        assertThat(r.cause()).isNull();
        assertThat(r.up()).isTrue();
    }

    @Test
    void anUntrustedChainFails() {
        assertThat(check("localhost", good, "").cause()).startsWith("chain not trusted: ");
        assertThat(check("localhost", selfSigned, "").cause()).startsWith("chain not trusted: ");
        assertThat(check("localhost", selfSigned, ", caFile: '" + dir.resolve("self.pem") + "'").up()).isTrue();
    }

    @Test
    void theWrongHostFails() {
        assertThat(check("127.0.0.1", good, ", caFile: '" + dir.resolve("ca.pem") + "'").cause())
                .isEqualTo("certificate is not for 127.0.0.1 (names: localhost)");
    }

    /** Issue 16 changed this: a valid certificate inside the warning days passes with a warning (it used to fail). */
    @Test
    void expiryWithinTheWarningDaysPassesWithAWarningAndPastItFails() {
        CheckResult warned = check("localhost", soon, ", caFile: '" + dir.resolve("soon.pem") + "'");
        assertThat(warned.up()).isTrue();
        assertThat(warned.warning()).startsWith("certificate expires in 4 days (").endsWith("), warning at 14");
        assertThat(check("localhost", soon, ", warningDays: 3, caFile: '" + dir.resolve("soon.pem") + "'").warning()).isNull();
        // A warning never hides what is wrong: the untrusted chain and the wrong name still fail.
        assertThat(check("localhost", soon, "").cause()).startsWith("chain not trusted");
        assertThat(check("127.0.0.1", soon, ", caFile: '" + dir.resolve("soon.pem") + "'").cause()).startsWith("certificate is not for 127.0.0.1");
        assertThat(check("localhost", expired, "").cause()).startsWith("certificate expired at ");
    }

    @Test
    void smtpStartTlsNegotiatedAndItsChainJudged() throws Exception {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(s);
        SSLContext tls = context("good.p12");
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    c.setSoTimeout(5000);
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream()));
                    var out = c.getOutputStream();
                    out.write("220 mx.test ESMTP\r\n".getBytes());
                    in.readLine(); // EHLO
                    out.write("250-mx.test\r\n250-SIZE 1000\r\n250 STARTTLS\r\n".getBytes());
                    in.readLine(); // STARTTLS; nothing more is pipelined, so the reader buffered nothing of TLS
                    out.write("220 go ahead\r\n".getBytes());
                    SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(c, null, c.getPort(), false);
                    t.setUseClientMode(false);
                    t.startHandshake();
                    t.getInputStream().read();
                } catch (Exception e) {
                    if (s.isClosed()) return;
                }
            }
        });
        String at = "name: m, type: SMTP, host: localhost, timeout: PT3S, startTls: true, port: " + s.getLocalPort();
        assertThat(Probe.of(Specs.of(at + ", caFile: '" + dir.resolve("ca.pem") + "'"), HttpClient.newHttpClient(), Clock.systemUTC()).check().cause()).isNull();
        assertThat(Probe.of(Specs.of(at + ", caFile: '" + dir.resolve("self.pem") + "'"), HttpClient.newHttpClient(), Clock.systemUTC()).check().cause()).startsWith("chain not trusted: ");
    }

    @Test
    void httpsWithAClientCertificateTheServerRequires() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("client.cer"))) {
            trusted.setCertificateEntry("client", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("good.p12"))) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters p) {
                javax.net.ssl.SSLParameters params = ctx.getDefaultSSLParameters();
                params.setNeedClientAuth(true);
                p.setSSLParameters(params);
            }
        });
        https.createContext("/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        https.start();
        try {
            String at = "name: mtls, type: HTTP, timeout: PT5S, url: 'https://localhost:" + https.getAddress().getPort() + "/', caFile: '"
                    + dir.resolve("ca.pem") + "'";
            CheckResult with = Probe.of(Specs.of(at + ", clientCertificate: '" + dir.resolve("client.p12") + "', clientCertificatePassword: "
                    + PASS), HttpClient.newHttpClient(), Clock.systemUTC()).check();
            assertThat(with.cause()).isNull();
            CheckResult without = Probe.of(Specs.of(at), HttpClient.newHttpClient(), Clock.systemUTC()).check();
            assertThat(without.up()).isFalse();
            assertThat(without.cause()).startsWith("request failed: ");
        } finally {
            https.stop(0);
        }
    }

    @Test
    void aMonitorStaysUpWithOneWarningNoticeUntilTheCertificateIsRenewed() throws Exception {
        java.util.concurrent.atomic.AtomicReference<SSLContext> cert = new java.util.concurrent.atomic.AtomicReference<>(context("soon.p12"));
        int port = serveRenewable(cert);
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(dir.resolve("soon.pem")) + Files.readString(dir.resolve("ca.pem")));
        MonitorSpec spec = Specs.of("name: cert, type: TLS, timeout: PT3S, host: localhost, port: " + port + ", caFile: '" + both + "'");
        List<dev.clawdbot.core.notify.OperatorNotice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<dev.clawdbot.core.events.Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (dev.clawdbot.core.storage.Database db = dev.clawdbot.core.storage.Database.sqlite(dir.resolve("warning.db"))) {
            MonitorStore store = new MonitorStore(db);
            Monitor m = new Monitor(spec, Probe.of(spec, HttpClient.newHttpClient(), Clock.systemUTC()), store, notices::add, events::add);
            for (int i = 0; i < 4; i++) m.checkOnce();
            assertThat(m.state()).isEqualTo(MonitorState.UP);
            assertThat(m.warning()).startsWith("certificate expires in 4 days");
            assertThat(notices).singleElement().satisfies(n -> {
                assertThat(n.subject()).isEqualTo("Monitor cert is UP with a warning");
                assertThat(n.body()).startsWith("certificate expires in 4 days");
            });
            assertThat(events).extracting(dev.clawdbot.core.events.Event::type).containsExactly("monitor.warning");
            assertThat(store.uptime("cert", java.time.Instant.now()).day()).isEqualTo(100.0);
            assertThat(store.recent("cert", 1).getFirst().cause()).startsWith("certificate expires in 4 days"); // what monitors list shows

            cert.set(context("good.p12")); // renewed: the CA's 90-day certificate
            m.checkOnce();
            m.checkOnce();
            assertThat(m.warning()).isNull();
            assertThat(m.state()).isEqualTo(MonitorState.UP);
            assertThat(notices).extracting(dev.clawdbot.core.notify.OperatorNotice::subject)
                    .containsExactly("Monitor cert is UP with a warning", "Monitor cert: warning cleared");
            assertThat(events).extracting(dev.clawdbot.core.events.Event::type).containsExactly("monitor.warning", "monitor.warning_cleared");
            assertThat(store.recent("cert", 1).getFirst().cause()).isNull();
        }
    }

    @Test
    void theWarningShowsInTheApiAndOnThePublicStatusPage() throws Exception {
        MonitorSpec spec = Specs.of("name: cert, type: TLS, timeout: PT3S, interval: PT1S, public: true, host: localhost, port: " + soon
                + ", caFile: '" + dir.resolve("soon.pem") + "'");
        try (dev.clawdbot.core.storage.Database db = dev.clawdbot.core.storage.Database.sqlite(dir.resolve("page.db"));
             MonitorRole role = new MonitorRole(db, new MonitorsConfig(true, List.of(spec)), n -> { }, e -> { }, Clock.systemUTC())) {
            role.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> role.warning("cert") != null);
            assertThat(role.state("cert")).isEqualTo(MonitorState.UP);
            String page = dev.clawdbot.fleet.status.StatusRows.page(new StatusPageConfig(true, "s"), role, Clock.systemUTC());
            assertThat(page).contains("All systems operational.").contains("Warning: certificate expires in 4 days");
            String listed = new dev.clawdbot.fleet.api.MonitorApi(new MonitorsConfig(true, List.of(spec)),
                    new StoredMonitors(db, Clock.systemUTC(), SecretSeal.none()), () -> role).list().json();
            assertThat(listed).contains("\"state\":\"UP\"").contains("\"warning\":\"certificate expires in 4 days");
        }
    }

    /** A TLS server whose certificate the test swaps, as a renewal does. */
    private static int serveRenewable(java.util.concurrent.atomic.AtomicReference<SSLContext> cert) throws Exception {
        return acceptLoop(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), raw -> {
            SSLSocket c = (SSLSocket) cert.get().getSocketFactory().createSocket(raw, null, raw.getPort(), true);
            c.setUseClientMode(false);
            return c;
        });
    }

    @Test
    void aServerWithoutTlsFailsTheHandshake() {
        assertThat(check("localhost", plain, "").cause()).startsWith("TLS handshake failed: ");
    }

    private static int serve(String keystore) throws Exception {
        SSLContext ctx = context(keystore);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return serveOn(s);
    }

    static SSLContext context(String keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(keystore))) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static int serveOn(SSLServerSocket s) {
        return acceptLoop(s, raw -> (SSLSocket) raw);
    }

    /** Turns an accepted connection into the TLS socket served. */
    private interface Tls {
        SSLSocket of(Socket raw) throws java.io.IOException;
    }

    private static int acceptLoop(ServerSocket s, Tls tls) {
        servers.add(s);
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket raw = s.accept();
                    Thread.ofVirtual().start(() -> {
                        try (SSLSocket c = tls.of(raw)) {
                            c.setSoTimeout(5000);
                            c.startHandshake();
                            c.getInputStream().read(); // until the probe closes
                        } catch (Exception ignored) {
                            // the probe hangs up after the handshake
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
        return s.getLocalPort();
    }

    private static void acceptAndClose(ServerSocket s) {
        while (!s.isClosed()) {
            try (var c = s.accept()) {
                c.getOutputStream().write("SSH-2.0-not-tls\r\n".getBytes());
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("-storepass", PASS, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool " + argv + ": " + out);
    }
}
