package dev.clawdbot.fleet.monitor;

/** A monitor's settled state. PENDING: not yet settled since start (no notice is sent leaving it for UP). */
enum MonitorState { PENDING, UP, DOWN }
