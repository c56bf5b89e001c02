package dev.clawdbot.fleet.monitor;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code monitors.monitors[]:} — one monitor.
 *
 * @param name            unique, lower case letters, digits, '-', '_' and '.'
 * @param type            {@code HTTP} or {@code TCP}
 * @param url             HTTP: the http:// or https:// URL requested with GET; MODEL_SERVER: the server's base URL
 *                        ({@code http://gpu1:8000} or {@code .../v1})
 * @param host            TCP: the host to connect to
 * @param port            TCP: the port
 * @param interval        time between checks while UP (default 60 s)
 * @param retryInterval   time between checks after a failure, until the state is settled (default 20 s)
 * @param timeout         a check taking longer fails (default 10 s)
 * @param retries         consecutive failures before DOWN (default 3)
 * @param upAfter         consecutive successes before UP again after DOWN (default 2)
 * @param renotifyEvery   while DOWN, notify again every this many intervals; 0 never (default 0)
 * @param expectedStatus  HTTP: accepted status codes (default any 200–299)
 * @param keyword         HTTP: text the body must contain (first 1 MiB), or must not with {@code keywordAbsent}
 * @param keywordAbsent   HTTP: true inverts the keyword check
 * @param maxResponseTime HTTP: a slower response fails (default none)
 * @param headers         HTTP and MODEL_SERVER: request headers sent with each check (e.g. an Authorization bearer)
 * @param modelServer     MODEL_SERVER: the model and the /metrics thresholds (default: none, only health and models)
 */
public record MonitorSpec(String name, MonitorType type, URI url, String host, Integer port, Duration interval,
                          Duration retryInterval, Duration timeout, Integer retries, Integer upAfter,
                          Integer renotifyEvery, List<Integer> expectedStatus, String keyword, Boolean keywordAbsent,
                          Duration maxResponseTime, Map<String, String> headers, ModelServerThresholds modelServer) {
    /** A monitor without model-server thresholds (every type but MODEL_SERVER). */
    public MonitorSpec(String name, MonitorType type, URI url, String host, Integer port, Duration interval, Duration retryInterval,
                       Duration timeout, Integer retries, Integer upAfter, Integer renotifyEvery, List<Integer> expectedStatus,
                       String keyword, Boolean keywordAbsent, Duration maxResponseTime, Map<String, String> headers) {
        this(name, type, url, host, port, interval, retryInterval, timeout, retries, upAfter, renotifyEvery, expectedStatus, keyword,
                keywordAbsent, maxResponseTime, headers, null);
    }

    public MonitorSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("monitors: name must be 1-64 of a-z 0-9 . _ - (starting with a letter or digit), was " + name);
        }
        String at = "monitors." + name + ".";
        if (type == null) throw new IllegalArgumentException(at + "type: missing; one of HTTP, TCP, MODEL_SERVER");
        if (modelServer != null && type != MonitorType.MODEL_SERVER) throw new IllegalArgumentException(at + "modelServer: only for type MODEL_SERVER");
        switch (type) {
            case HTTP, MODEL_SERVER -> {
                if (url == null || url.getHost() == null
                        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                    throw new IllegalArgumentException(at + "url: need an http:// or https:// URL with a host, was " + url);
                }
            }
            case TCP -> {
                if (host == null || host.isBlank()) throw new IllegalArgumentException(at + "host: missing");
                if (port == null || port < 1 || port > 65535) throw new IllegalArgumentException(at + "port: need 1..65535, was " + port);
            }
        }
        interval = positive(at + "interval", interval, Duration.ofSeconds(60));
        retryInterval = positive(at + "retryInterval", retryInterval, Duration.ofSeconds(20));
        timeout = positive(at + "timeout", timeout, Duration.ofSeconds(10));
        retries = atLeast(at + "retries", retries, 3, 1);
        upAfter = atLeast(at + "upAfter", upAfter, 2, 1);
        renotifyEvery = atLeast(at + "renotifyEvery", renotifyEvery, 0, 0);
        expectedStatus = expectedStatus == null ? List.of() : List.copyOf(expectedStatus);
        for (int s : expectedStatus) {
            if (s < 100 || s > 599) throw new IllegalArgumentException(at + "expectedStatus: " + s + " is not an HTTP status");
        }
        if (keyword != null && keyword.isEmpty()) throw new IllegalArgumentException(at + "keyword: empty");
        keywordAbsent = keywordAbsent != null && keywordAbsent;
        if (keywordAbsent && keyword == null) throw new IllegalArgumentException(at + "keywordAbsent: needs a keyword");
        if (maxResponseTime != null && (maxResponseTime.isNegative() || maxResponseTime.isZero())) {
            throw new IllegalArgumentException(at + "maxResponseTime: must be positive");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Whether {@code status} passes: the listed codes, or any 2xx when none are listed. */
    boolean accepts(int status) {
        return expectedStatus.isEmpty() ? status >= 200 && status < 300 : expectedStatus.contains(status);
    }

    private static Duration positive(String key, Duration d, Duration dflt) {
        if (d == null) return dflt;
        if (d.toMillis() < 10) throw new IllegalArgumentException(key + ": must be at least 10 ms, was " + d);
        return d;
    }

    private static int atLeast(String key, Integer v, int dflt, int min) {
        if (v == null) return dflt;
        if (v < min) throw new IllegalArgumentException(key + ": must be at least " + min + ", was " + v);
        return v;
    }
}
