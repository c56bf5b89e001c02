package dev.clawdbot.fleet.monitor;

/** What a monitor checks. */
public enum MonitorType {
    /** An HTTP or HTTPS request: status, keyword, response time. */
    HTTP,
    /** A TCP connect to host:port. */
    TCP
}
