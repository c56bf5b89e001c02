package dev.clawdbot.fleet.monitor;

/** Percent of checks that passed over the last 24 h, 7 d and 30 d; null where there were no checks. */
record Uptime(Double day, Double week, Double month) { }
