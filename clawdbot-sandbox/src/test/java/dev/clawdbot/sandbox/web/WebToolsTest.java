package dev.clawdbot.sandbox.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.sandbox.WebConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WebToolsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final ToolContext CTX = new ToolContext("a", "s", new Caller("telegram", "1", null), Path.of("/tmp"), Duration.ofMinutes(1));

    HttpServer server;
    String base;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.createContext("/page", ex -> respond(ex, 200, "text/html; charset=utf-8",
                "<html><head><title>Hello &amp; welcome</title><style>p{}</style><script>alert('x')</script></head>"
                        + "<body><h1>Heading</h1><p>First&nbsp;para &lt;b&gt; &#233;t&#xE9;</p><!-- hidden --><ul><li>one</li><li>two</li></ul></body></html>"));
        server.createContext("/to-private", ex -> redirect(ex, "http://10.1.2.3/admin"));
        server.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-page", ex -> redirect(ex, "/page"));
        server.createContext("/loop", ex -> redirect(ex, "/loop"));
        server.createContext("/big", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 600; i++) o.write(chunk);
            } catch (IOException ignored) {
                // the client stops reading at its cap
            }
        });
        server.createContext("/slow", ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "text/plain", "late");
        });
        server.createContext("/search", ex -> {
            String q = ex.getRequestURI().getQuery();
            if (q.contains("q=busy")) respond(ex, 429, "application/json", "{}");
            else if (q.contains("q=broken")) respond(ex, 200, "application/json", "{\"results\": [");
            else respond(ex, 200, "application/json", JSON.writeValueAsString(Map.of("query", "x", "results", List.of(
                    Map.of("title", "Java 21", "url", "https://openjdk.org/projects/jdk/21/", "content", "  JDK 21 is the reference  "),
                    Map.of("title", "No url"),
                    Map.of("title", "Records", "url", "https://openjdk.org/jeps/395", "content", "")))));
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    WebConfig config(Duration timeout) {
        return new WebConfig(64 * 1024, timeout, 3, null, URI.create(base), null);
    }

    Tool fetch(AddressGuard guard, HostResolver resolver) {
        return new WebTools(config(Duration.ofSeconds(5)), guard, resolver, EventSink.NONE, Clock.systemUTC()).all().get(0);
    }

    Tool fetchAllowingLoopback() {
        return fetch(new AddressGuard(Set.of(LOOPBACK)), HostResolver.SYSTEM);
    }

    static ToolResult call(Tool t, String key, String value) throws Exception {
        return t.invoke(JSON.createObjectNode().put(key, value), CTX);
    }

    @Test
    void htmlBecomesTextAndIsUntrusted() throws Exception {
        ToolResult r = call(fetchAllowingLoopback(), "url", base + "/page");
        assertThat(r.untrusted()).isTrue();
        assertThat(r.isError()).isFalse();
        assertThat(r.content()).isEqualTo("URL: " + base + "/page\nStatus: 200\nTitle: Hello & welcome\n\nHeading\n\nFirst para <b> été\n\none\n\ntwo");
    }

    @Test
    void loopbackIsRefusedByDefault() throws Exception {
        ToolResult r = call(fetch(new AddressGuard(), HostResolver.SYSTEM), "url", base + "/page");
        assertThat(r.isError()).isTrue();
        assertThat(r.content()).isEqualTo("web_fetch refused: 127.0.0.1 resolves to 127.0.0.1, a loopback address; refused");
    }

    @Test
    void aPublicLookingNameResolvingToPrivateIsRefused() throws Exception {
        HostResolver evil = host -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("192.168.1.1"));
        assertThat(call(fetch(new AddressGuard(), evil), "url", "http://innocent.example/").content())
                .isEqualTo("web_fetch refused: innocent.example resolves to 192.168.1.1, a private address; refused");
    }

    @Test
    void redirectToPrivateIsRechecked() throws Exception {
        assertThat(call(fetchAllowingLoopback(), "url", base + "/to-private").content())
                .isEqualTo("web_fetch refused: 10.1.2.3 resolves to 10.1.2.3, a private address; refused");
    }

    @Test
    void redirectToMetadataIsRefused() throws Exception {
        assertThat(call(fetchAllowingLoopback(), "url", base + "/to-metadata").content())
                .isEqualTo("web_fetch refused: 169.254.169.254 resolves to 169.254.169.254, a link-local address (cloud metadata lives here); refused");
    }

    @Test
    void redirectsAreFollowedAndCapped() throws Exception {
        assertThat(call(fetchAllowingLoopback(), "url", base + "/to-page").content()).startsWith("URL: " + base + "/page\nStatus: 200");
        assertThat(call(fetchAllowingLoopback(), "url", base + "/loop").content()).isEqualTo("web_fetch: more than 3 redirects");
    }

    @Test
    void connectsToTheAddressItCheckedWithoutResolvingAgain() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> lookups.incrementAndGet() == 1 ? List.of(LOOPBACK) : List.of(InetAddress.getByName("10.0.0.1"));
        ToolResult r = call(fetch(new AddressGuard(Set.of(LOOPBACK)), rebinding), "url",
                "http://rebind.example:" + server.getAddress().getPort() + "/page");
        assertThat(r.content()).contains("Title: Hello & welcome");
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void bodyIsCappedAndMarked() throws Exception {
        ToolResult r = call(fetchAllowingLoopback(), "url", base + "/big");
        assertThat(r.content()).endsWith("\n[truncated]");
        assertThat(r.content().length()).isLessThan(64 * 1024 + 200);
    }

    @Test
    void slowServerHitsTheDeadline() throws Exception {
        Tool t = new WebTools(config(Duration.ofMillis(300)), new AddressGuard(Set.of(LOOPBACK)), HostResolver.SYSTEM, EventSink.NONE, Clock.systemUTC()).all().get(0);
        assertThat(call(t, "url", base + "/slow").content()).isEqualTo("web_fetch: timed out fetching " + base + "/slow");
    }

    @Test
    void otherSchemesAndUserInfoAreRefused() throws Exception {
        assertThat(call(fetchAllowingLoopback(), "url", "file:///etc/passwd").content()).isEqualTo("web_fetch refused: only http and https URLs are fetched, not 'file'");
        assertThat(call(fetchAllowingLoopback(), "url", "gopher://x/").content()).contains("not 'gopher'");
        assertThat(call(fetchAllowingLoopback(), "url", "http://user:pw@example.com/").content()).isEqualTo("web_fetch refused: URLs with user:password@ are refused");
        assertThat(call(fetchAllowingLoopback(), "url", "http://[::1]:" + server.getAddress().getPort() + "/page").content())
                .isEqualTo("web_fetch refused: ::1 resolves to 0:0:0:0:0:0:0:1, a loopback address; refused");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|a loopback address", "127.255.0.9|a loopback address", "0.0.0.0|a 'this network' address (0.0.0.0/8)",
            "10.0.0.1|a private address", "172.16.0.1|a private address", "172.31.255.255|a private address", "192.168.0.10|a private address",
            "169.254.169.254|a link-local address (cloud metadata lives here)", "100.64.0.1|a carrier-grade NAT address (100.64.0.0/10)",
            "100.100.100.200|a carrier-grade NAT address (100.64.0.0/10)", "224.0.0.1|a multicast address", "255.255.255.255|a reserved or broadcast address",
            "192.0.0.170|an IETF protocol address (192.0.0.0/24)", "198.18.0.1|a benchmarking address (198.18.0.0/15)",
            "::1|a loopback address", "::|the unspecified address", "fd00:ec2::254|a unique local IPv6 address (fc00::/7)",
            "fc00::1|a unique local IPv6 address (fc00::/7)", "fe80::1|a link-local IPv6 address", "ff02::1|a multicast address",
            "::ffff:127.0.0.1|a loopback address", "::ffff:169.254.169.254|a link-local address (cloud metadata lives here)",
            "::10.0.0.1|an IPv4-compatible IPv6 address wrapping a private address", "2002:0a00:0001::1|a 6to4 address wrapping a private address",
            "64:ff9b::a9fe:a9fe|a NAT64 address wrapping a link-local address (cloud metadata lives here)", "2001:0:4136:e378::1|a Teredo address",
            "fec0::1|a site-local IPv6 address"})
    void guardRefusesNonPublicAddresses(String address, String reason) throws Exception {
        assertThat(new AddressGuard().refusal(InetAddress.getByName(address))).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"})
    void guardAllowsPublicAddresses(String address) throws Exception {
        assertThat(new AddressGuard().refusal(InetAddress.getByName(address))).isNull();
    }

    Tool search() {
        return new WebTools(config(Duration.ofSeconds(5)), new AddressGuard(), HostResolver.SYSTEM, EventSink.NONE, Clock.systemUTC()).all().get(1);
    }

    @Test
    void searchFormatsSearxngResults() throws Exception {
        ToolResult r = call(search(), "query", "java records");
        assertThat(r.untrusted()).isTrue();
        assertThat(r.content()).isEqualTo("1. Java 21\n   https://openjdk.org/projects/jdk/21/\n   JDK 21 is the reference\n2. Records\n   https://openjdk.org/jeps/395");
    }

    @Test
    void searchFaultsAreClearErrors() throws Exception {
        assertThat(call(search(), "query", "busy").content()).isEqualTo("web_search: the search service is rate limiting (HTTP 429); try again later");
        assertThat(call(search(), "query", "broken").content()).isEqualTo("web_search: the search service returned malformed JSON");
        server.stop(0);
        assertThat(call(search(), "query", "x").content()).startsWith("web_search: the search service is unreachable");
    }

    @Test
    void searchIsOfferedOnlyWhenConfigured() {
        WebTools none = new WebTools(WebConfig.defaults(), EventSink.NONE, Clock.systemUTC());
        assertThat(none.all()).extracting(t -> t.spec().name()).containsExactly("web_fetch");
    }
}
