package dev.clawdbot.fleet.monitor;

import java.time.Instant;

/** A monitor's time DOWN; {@code end} is null while it lasts. */
public record Incident(String monitor, Instant start, Instant end, String cause) { }
