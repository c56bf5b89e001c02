package dev.clawdbot.fleet.monitor;

/** What a monitor checks. */
public enum MonitorType {
    /** An HTTP or HTTPS request: status, keyword, response time. */
    HTTP,
    /** A TCP connect to host:port. */
    TCP,
    /** An OpenAI-compatible model server (vLLM): /health, /v1/models and the Prometheus /metrics thresholds. */
    MODEL_SERVER
}
