package dev.clawdbot.sandbox.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.sandbox.WebConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTPS through the guarded client: it connects to the checked address yet verifies the certificate by name. */
class WebFetchTlsTest {
    static final char[] PASS = "changeit".toCharArray();
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path tmp;
    HttpsServer server;
    SSLContext clientTls;

    @BeforeEach
    void start() throws Exception {
        Path ks = tmp.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-keystore", ks.toString(), "-storepass", "changeit", "-storetype", "PKCS12").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASS);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASS);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", ex -> {
            byte[] b = "<title>secure</title><p>over TLS</p>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    Tool fetch() {
        HostResolver toLoopback = host -> List.of(LOOPBACK);
        return new WebTools(new WebConfig(null, Duration.ofSeconds(10), null, null, null, null), new AddressGuard(Set.of(LOOPBACK)),
                toLoopback, clientTls.getSocketFactory(), EventSink.NONE, Clock.systemUTC()).all().getFirst();
    }

    ToolResult get(String url) throws Exception {
        return fetch().invoke(new ObjectMapper().createObjectNode().put("url", url),
                new ToolContext("a", "s", new Caller("t", "1", null), tmp, Duration.ofMinutes(1)));
    }

    @Test
    void fetchesOverTlsWithTheCertificateVerifiedByName() throws Exception {
        ToolResult r = get("https://localhost:" + server.getAddress().getPort() + "/");
        assertThat(r.content()).isEqualTo("URL: https://localhost:" + server.getAddress().getPort() + "/\nStatus: 200\nTitle: secure\n\nover TLS");
    }

    @Test
    void aNameTheCertificateDoesNotCoverFails() throws Exception {
        ToolResult r = get("https://evil.example:" + server.getAddress().getPort() + "/");
        assertThat(r.isError()).isTrue();
        assertThat(r.content()).startsWith("web_fetch: ").contains("evil.example");
    }
}
