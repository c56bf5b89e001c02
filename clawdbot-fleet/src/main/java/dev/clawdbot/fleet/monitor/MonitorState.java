package dev.clawdbot.fleet.monitor;

/**
 * A monitor's settled state. PENDING: not yet settled since start (no notice is sent leaving it for UP).
 * MAINTENANCE: inside a maintenance window; checks go on, nothing is sent, the state underneath is kept.
 */
public enum MonitorState { PENDING, UP, DOWN, MAINTENANCE }
