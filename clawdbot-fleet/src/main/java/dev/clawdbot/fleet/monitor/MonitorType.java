package dev.clawdbot.fleet.monitor;

/** What a monitor checks. */
public enum MonitorType {
    /** An HTTP or HTTPS request: status, keyword, JSON path, response time. */
    HTTP,
    /** A TCP connect to host:port. */
    TCP,
    /** An OpenAI-compatible model server (vLLM): /health, /v1/models and the Prometheus /metrics thresholds. */
    MODEL_SERVER,
    /** The certificate host:port presents: expiry (with warning days), hostname match, chain. */
    TLS,
    /** DNS records of a name: present, or exactly the expected values. */
    DNS,
    /** One ICMP echo through the system's {@code ping}. */
    PING,
    /** Heartbeat: something calls the monitor's secret push URL; silence past interval + grace fails. */
    PUSH,
    /** {@code systemctl is-active UNIT} says {@code active}. */
    SYSTEMD,
    /** A PostgreSQL login and {@code SELECT 1}. */
    POSTGRES,
    /** An SMTP server's 220 greeting, optionally STARTTLS. */
    SMTP,
    /** An IMAP server's {@code * OK} greeting, optionally STARTTLS. */
    IMAP,
    /** An argv run over SSH on a managed host: exit code in {@code expectedExit}, optional keyword in stdout. */
    SSH,
    /** {@code docker inspect} of a container on a managed host: running and, with a healthcheck, healthy. */
    CONTAINER
}
