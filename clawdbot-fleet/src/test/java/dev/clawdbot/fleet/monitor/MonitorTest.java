package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorTest extends MonitorFixture {
    @Override
    HttpClient newHttp() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    static MonitorSpec http(String name, URI url, int retries, int upAfter, int renotifyEvery) {
        return MonitorSpec.builder().name(name).type(MonitorType.HTTP).url(url).interval(Duration.ofSeconds(60))
                .retryInterval(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(10)).retries(retries).upAfter(upAfter)
                .renotifyEvery(renotifyEvery).build();
    }

    private Monitor monitor(MonitorSpec spec) {
        return new Monitor(spec, Probe.of(spec, http, Clock.systemUTC()), new MonitorStore(db), notices::add, events::add);
    }

    @Test
    void downOnlyAfterTheRetriesAndRetryIntervalWhileConfirming() {
        Monitor m = monitor(http("web", server.uri("/"), 3, 2, 0));
        assertThat(m.checkOnce()).isEqualTo(Duration.ofSeconds(60));
        assertThat(m.state()).isEqualTo(MonitorState.UP);
        server.status.set(500);
        assertThat(m.checkOnce()).isEqualTo(Duration.ofSeconds(20));
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.UP);
        assertThat(notices).isEmpty();
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(10);
            assertThat(n.subject()).isEqualTo("Monitor web is DOWN");
            assertThat(n.body()).contains("status 500");
        });
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("monitor.down");
            assertThat(e.level()).isEqualTo(10);
            assertThat(e.fields()).containsEntry("monitor", "web");
        });
        List<Incident> incidents = new MonitorStore(db).incidents("web");
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.end()).isNull();
            assertThat(i.cause()).isEqualTo("status 500, expected 2xx");
        });
    }

    @Test
    void upOnlyAfterUpAfterSuccessesAndTheIncidentCloses() {
        Monitor m = monitor(http("web", server.uri("/"), 1, 3, 0));
        server.status.set(503);
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        server.status.set(200);
        assertThat(m.checkOnce()).isEqualTo(Duration.ofSeconds(20));
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.UP);
        assertThat(notices).extracting(OperatorNotice::subject).containsExactly("Monitor web is DOWN", "Monitor web is UP");
        assertThat(events).extracting(Event::type, Event::level).containsExactly(
                org.assertj.core.groups.Tuple.tuple("monitor.down", 10), org.assertj.core.groups.Tuple.tuple("monitor.up", 5));
        Incident i = new MonitorStore(db).incidents("web").getFirst();
        assertThat(i.end()).isNotNull().isAfterOrEqualTo(i.start());
    }

    @Test
    void aFlappingServerSendsNothing() {
        Monitor m = monitor(http("flappy", server.uri("/"), 2, 2, 1));
        for (int i = 0; i < 30; i++) {
            server.status.set(i % 2 == 0 ? 500 : 200);
            m.checkOnce();
        }
        assertThat(notices).isEmpty();
        assertThat(events).isEmpty();
        assertThat(new MonitorStore(db).percentUp("flappy", Instant.now().plusSeconds(1), Duration.ofDays(1))).isEqualTo(50.0);
    }

    @Test
    void aFlappingRecoveryDoesNotRepeatDownNotices() {
        Monitor m = monitor(http("flappy", server.uri("/"), 1, 2, 0));
        server.status.set(500);
        m.checkOnce();
        for (int i = 0; i < 20; i++) {
            server.status.set(i % 2 == 0 ? 200 : 500);
            m.checkOnce();
        }
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        assertThat(notices).hasSize(1);
    }

    @Test
    void remindsEveryNChecksWhileDown() {
        Monitor m = monitor(http("web", server.uri("/"), 1, 1, 2));
        server.status.set(500);
        for (int i = 0; i < 5; i++) m.checkOnce();
        assertThat(notices).extracting(OperatorNotice::subject).containsExactly("Monitor web is DOWN",
                "Monitor web is still DOWN", "Monitor web is still DOWN");
        assertThat(notices).extracting(OperatorNotice::dedupKey).doesNotHaveDuplicates();
    }

    @Test
    void keywordPresentAndAbsent() {
        MonitorSpec present = MonitorSpec.builder().name("kw").type(MonitorType.HTTP).url(server.uri("/")).retries(1).upAfter(1)
                .keyword("operational").build();
        MonitorSpec absent = MonitorSpec.builder().name("nokw").type(MonitorType.HTTP).url(server.uri("/")).retries(1).upAfter(1)
                .keyword("error").keywordAbsent(true).build();
        Probe p = Probe.of(present, http, Clock.systemUTC());
        Probe a = Probe.of(absent, http, Clock.systemUTC());
        assertThat(p.check().up()).isTrue();
        assertThat(a.check().up()).isTrue();
        server.body.set("database error");
        assertThat(p.check().cause()).isEqualTo("keyword \"operational\" not found");
        assertThat(a.check().cause()).isEqualTo("keyword \"error\" present");
    }

    @Test
    void expectedStatusAndHeaders() {
        MonitorSpec spec = MonitorSpec.builder().name("api").type(MonitorType.HTTP).url(server.uri("/")).retries(1).upAfter(1)
                .expectedStatus(List.of(401)).headers(Map.of("X-Token", "abc")).build();
        Probe p = Probe.of(spec, http, Clock.systemUTC());
        assertThat(p.check().cause()).isEqualTo("status 200, expected [401]");
        assertThat(server.lastToken.get()).isEqualTo("abc");
        server.status.set(401);
        assertThat(p.check().up()).isTrue();
    }

    @Test
    void timeoutsCoverHeadersAndBody() {
        for (String path : List.of("/hang", "/trickle")) {
            MonitorSpec spec = MonitorSpec.builder().name("slow").type(MonitorType.HTTP).url(server.uri(path))
                    .timeout(Duration.ofMillis(300)).retries(1).upAfter(1).keyword("operational").build();
            long start = System.nanoTime();
            CheckResult r = Probe.of(spec, http, Clock.systemUTC()).check();
            assertThat(r.up()).as(path).isFalse();
            assertThat(r.cause()).as(path).contains("timed out after 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(path).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void maxResponseTime() {
        server.delayMs.set(400);
        MonitorSpec spec = MonitorSpec.builder().name("sluggish").type(MonitorType.HTTP).url(server.uri("/")).retries(1).upAfter(1)
                .maxResponseTime(Duration.ofMillis(100)).build();
        CheckResult r = Probe.of(spec, http, Clock.systemUTC()).check();
        assertThat(r.up()).isFalse();
        assertThat(r.cause()).contains("more than 100 ms");
        assertThat(r.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void tcpConnect() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
            MonitorSpec spec = MonitorSpec.builder().name("db").type(MonitorType.TCP).host("127.0.0.1").port(port)
                    .timeout(Duration.ofSeconds(5)).retries(1).upAfter(1).build();
            assertThat(Probe.of(spec, http, Clock.systemUTC()).check().up()).isTrue();
        }
        MonitorSpec spec = MonitorSpec.builder().name("db").type(MonitorType.TCP).host("127.0.0.1").port(port)
                .timeout(Duration.ofSeconds(5)).retries(1).upAfter(1).build();
        CheckResult r = Probe.of(spec, http, Clock.systemUTC()).check();
        assertThat(r.up()).isFalse();
        assertThat(r.cause()).startsWith("connect failed");
    }
}
