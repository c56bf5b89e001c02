package dev.clawdbot.fleet.monitor;

import dev.clawdbot.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTP JSON path and redirects, DNS, ping, systemd and push monitors against local stand-ins. */
class ProbeTypesTest {
    @TempDir
    Path dir;
    private TestServers server;
    private HttpClient follow;
    private HttpClient noFollow;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private PushRegistry push;

    @BeforeEach
    void setUp() throws Exception {
        server = new TestServers();
        follow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        noFollow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        push = new PushRegistry(clock);
    }

    @AfterEach
    void tearDown() {
        server.close();
        follow.close();
        noFollow.close();
    }

    private CheckResult check(String yaml) {
        return Probe.of(Specs.of(yaml), new Probe.Context(follow, noFollow, clock, push, dir)).check();
    }

    @Test
    void jsonPathMustExistAndHoldTheValue() {
        server.body.set("{\"status\":\"ok\",\"db\":{\"replicas\":[{\"lag\":0},{\"lag\":3}]},\"n\":2}");
        String url = "url: '" + server.uri("/") + "'";
        assertThat(check("name: j, type: HTTP, " + url + ", jsonPath: $.status, jsonValue: ok").up()).isTrue();
        assertThat(check("name: j, type: HTTP, " + url + ", jsonPath: \"$.db.replicas[1]['lag']\", jsonValue: '3'").up()).isTrue();
        assertThat(check("name: j, type: HTTP, " + url + ", jsonPath: $.n").up()).isTrue();
        assertThat(check("name: j, type: HTTP, " + url + ", jsonPath: $.status, jsonValue: degraded").cause())
                .isEqualTo("$.status is \"ok\", expected \"degraded\"");
        assertThat(check("name: j, type: HTTP, " + url + ", jsonPath: '$.db.replicas[5]'").cause()).isEqualTo("$.db.replicas[5] not found");
        server.body.set("<html>oops</html>");
        assertThat(check("name: j, type: HTTP, " + url + ", jsonPath: $.status").cause()).isEqualTo("body is not JSON");
        assertThatThrownBy(() -> Specs.of("name: j, type: HTTP, " + url + ", jsonPath: '$.a[x]'"))
                .hasMessage("monitors.j.jsonPath: column 4: need [index] or ['name'] in $.a[x]");
        assertThatThrownBy(() -> Specs.of("name: j, type: HTTP, " + url + ", jsonPath: 'status'"))
                .hasMessage("monitors.j.jsonPath: must start with $, was status");
    }

    @Test
    void redirectsFollowedUnlessTurnedOff() {
        String url = "url: '" + server.uri("/redirect") + "'";
        assertThat(check("name: r, type: HTTP, " + url).up()).isTrue();
        assertThat(check("name: r, type: HTTP, " + url + ", followRedirects: false").cause()).isEqualTo("status 302, expected 2xx");
        assertThat(check("name: r, type: HTTP, " + url + ", followRedirects: false, expectedStatus: [302]").up()).isTrue();
    }

    @Test
    void dnsRecordsPresentOrExactlyTheExpectedValues() throws Exception {
        try (TestDns dns = new TestDns()) {
            dns.records.put("www.example.test A", List.of("192.0.2.10", "192.0.2.11"));
            dns.records.put("example.test TXT", List.of("v=spf1 -all"));
            String at = "type: DNS, dnsServer: '" + dns.address() + "', timeout: PT2S";
            assertThat(check("name: d, " + at + ", host: www.example.test").up()).isTrue();
            assertThat(check("name: d, " + at + ", host: www.example.test, expectedValues: [192.0.2.11, 192.0.2.10]").up()).isTrue();
            assertThat(check("name: d, " + at + ", host: www.example.test, expectedValues: [192.0.2.10]").cause())
                    .isEqualTo("A www.example.test is [192.0.2.10, 192.0.2.11], expected [192.0.2.10]");
            assertThat(check("name: d, " + at + ", host: example.test, recordType: TXT, expectedValues: ['v=spf1 -all']").up()).isTrue();
            assertThat(check("name: d, " + at + ", host: gone.example.test").cause()).startsWith("DNS lookup failed: NameNotFoundException");
            dns.silent = true;
            CheckResult r = check("name: d, type: DNS, dnsServer: '" + dns.address() + "', timeout: PT0.6S, host: www.example.test");
            assertThat(r.up()).isFalse();
            assertThat(r.cause()).startsWith("DNS lookup failed");
            assertThat(r.latency()).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void pingThroughTheSystemCommandWithItsRoundTrip() throws Exception {
        standIn("ping", """
                #!/bin/sh
                [ "$1 $2 $3" = "-c 1 -W" ] || { echo "bad argv: $*"; exit 2; }
                if [ "$5" = "192.0.2.1" ]; then echo "1 packets transmitted, 0 received"; exit 1; fi
                echo "64 bytes from $5: icmp_seq=1 ttl=64 time=12.5 ms"
                """);
        CheckResult up = check("name: p, type: PING, host: 127.0.0.1");
        assertThat(up.up()).isTrue();
        assertThat(up.latency()).isEqualTo(Duration.ofMillis(12).plusNanos(500_000));
        assertThat(check("name: p, type: PING, host: 192.0.2.1").cause()).isEqualTo("no reply to ping 192.0.2.1 (exit 1)");
        standIn("ping", "#!/bin/sh\nsleep 30\n");
        long start = System.nanoTime();
        assertThat(check("name: p, type: PING, host: 127.0.0.1, timeout: PT0.5S").cause()).endsWith("timed out after 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> Specs.of("name: p, type: PING, host: '-f'")).hasMessage("monitors.p.host: missing");
    }

    @Test
    void systemdUnitMustBeActive() throws Exception {
        standIn("systemctl", """
                #!/bin/sh
                [ "$1" = "is-active" ] || exit 2
                case "$2" in nginx.service) echo active; exit 0;; *) echo failed; exit 3;; esac
                """);
        assertThat(check("name: s, type: SYSTEMD, unit: nginx.service").up()).isTrue();
        assertThat(check("name: s, type: SYSTEMD, unit: postfix.service").cause()).isEqualTo("unit postfix.service is failed");
        assertThatThrownBy(() -> Specs.of("name: s, type: SYSTEMD, unit: '--all'"))
                .hasMessageStartingWith("monitors.s.unit: need a unit name");
    }

    @Test
    void pushSilencePastIntervalAndGraceFails() {
        String token = "Zx8r-q1_TokenForCronJob";
        Probe p = Probe.of(Specs.of("name: backup, type: PUSH, pushToken: " + token + ", interval: PT1H, grace: PT10M"),
                new Probe.Context(follow, noFollow, clock, push, dir));
        assertThat(p.check().up()).isTrue(); // registration starts the clock
        clock.advance(Duration.ofMinutes(69));
        assertThat(p.check().up()).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(p.check().cause()).isEqualTo("no heartbeat for 4260 s (allowed 4200 s)");
        assertThat(push.push("wrong-token-000000000")).isFalse();
        assertThat(push.push(token)).isTrue();
        assertThat(p.check().up()).isTrue();
        assertThatThrownBy(() -> Specs.of("name: b, type: PUSH, pushToken: short"))
                .hasMessage("monitors.b.pushToken: need at least 16 of A-Z a-z 0-9 - _");
    }

    private void standIn(String name, String script) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

}
