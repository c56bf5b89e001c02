package dev.clawdbot.fleet.monitor;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.RecordingEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The push route's token buckets: burst, refill, Retry-After, bounded memory under a flood, throttled drop events. */
class PushLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final RecordingEvents events = new RecordingEvents();
    private final PushLimiter limiter = new PushLimiter(PushConfig.defaults(), clock, events);

    @Test
    void aMonitorGetsItsBurstThenOneEverySixSeconds() {
        for (int i = 0; i < PushConfig.defaults().monitorBurst(); i++) assertThat(limiter.monitor("backup")).isNull();
        assertThat(limiter.monitor("backup")).isEqualTo(Duration.ofSeconds(6));
        assertThat(limiter.monitor("other")).as("per monitor").isNull();
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.monitor("backup")).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.monitor("backup")).isNull();
        assertThat(limiter.dropped()).isEqualTo(2);
    }

    @Test
    void aSourceGetsSixtyThenOneASecond() {
        for (int i = 0; i < 60; i++) assertThat(limiter.source("198.51.100.7")).isNull();
        assertThat(limiter.source("198.51.100.7")).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.source("198.51.100.8")).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.source("198.51.100.7")).isNull();
    }

    @Test
    void dropsAreOneEventAMinutePerKeyWithTheCount() {
        for (int i = 0; i < 60; i++) limiter.source("198.51.100.7");
        for (int i = 0; i < 5; i++) limiter.source("198.51.100.7");
        assertThat(events.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("monitor.push.limited");
            assertThat(e.fields()).containsEntry("scope", "source").containsEntry("key", "198.51.100.7").containsEntry("dropped", 1L);
        });
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 61; i++) limiter.source("198.51.100.7");
        assertThat(events.events).hasSize(2);
        assertThat(events.events.getLast().fields()).containsEntry("dropped", 5L);
    }

    @Test
    void aFloodOfNewSourcesAndTokensIsBounded() {
        Random random = new Random(16);
        for (int i = 0; i < 100_000; i++) {
            limiter.source("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256));
            limiter.monitor("guess-" + random.nextLong());
        }
        assertThat(limiter.size()).isEqualTo(2 * PushLimiter.MAX_KEYS);
    }

    @Test
    void anIpv6SourceCountsByItsSlash64() {
        assertThat(PushLimiter.sourceKey("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(PushLimiter.sourceKey("[2001:db8:1:2:ffff::9]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(PushLimiter.sourceKey("192.0.2.1")).isEqualTo("192.0.2.1");
        for (int i = 0; i < 60; i++) assertThat(limiter.source("2001:db8:1:2::" + Integer.toHexString(i + 1))).isNull();
        assertThat(limiter.source("2001:db8:1:2::ffff")).isNotNull();
    }
}
