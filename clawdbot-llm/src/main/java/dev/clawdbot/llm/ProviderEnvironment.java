package dev.clawdbot.llm;

import dev.clawdbot.core.events.EventSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** What a provider needs from its surroundings: time, metrics, events, and (for tests) waits and jitter. */
public record ProviderEnvironment(Clock clock, MeterRegistry meters, EventSink events, Sleeper sleeper, RandomGenerator random) {

    public ProviderEnvironment {
        clock = clock == null ? Clock.systemUTC() : clock;
        meters = meters == null ? new SimpleMeterRegistry() : meters;
        events = events == null ? EventSink.NONE : events;
        sleeper = sleeper == null ? Sleeper.SYSTEM : sleeper;
        // Shared by every thread making calls, so by default each thread draws from its own generator.
        random = random == null ? () -> java.util.concurrent.ThreadLocalRandom.current().nextLong() : random;
    }

    public static ProviderEnvironment defaults() {
        return new ProviderEnvironment(null, null, null, null, null);
    }

    public ProviderEnvironment withSleeper(Sleeper s) {
        return new ProviderEnvironment(clock, meters, events, Objects.requireNonNull(s), random);
    }

    public ProviderEnvironment withMeters(MeterRegistry m) {
        return new ProviderEnvironment(clock, Objects.requireNonNull(m), events, sleeper, random);
    }

    public ProviderEnvironment withEvents(EventSink e) {
        return new ProviderEnvironment(clock, meters, Objects.requireNonNull(e), sleeper, random);
    }

    public ProviderEnvironment withClock(Clock c) {
        return new ProviderEnvironment(Objects.requireNonNull(c), meters, events, sleeper, random);
    }
}
