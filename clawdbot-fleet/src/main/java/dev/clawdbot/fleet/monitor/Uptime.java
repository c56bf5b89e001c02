package dev.clawdbot.fleet.monitor;

/**
 * Percent of checks that passed over the last 24 h, 7 d, 30 d and 365 d; null where there were no checks. Past
 * 7 days the history is hourly buckets, so the 30 d and 365 d windows start on an hour boundary.
 */
public record Uptime(Double day, Double week, Double month, Double year) { }
