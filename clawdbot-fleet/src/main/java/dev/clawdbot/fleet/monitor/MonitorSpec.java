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
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** How soon a failed check is repeated before the monitor counts as down. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Failed checks in a row before DOWN, passed checks in a row before UP again. */
    public static final int DEFAULT_RETRIES = 3;
    public static final int DEFAULT_UP_AFTER = 2;

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
        interval = positive(at + "interval", interval, DEFAULT_INTERVAL);
        retryInterval = positive(at + "retryInterval", retryInterval, DEFAULT_RETRY_INTERVAL);
        timeout = positive(at + "timeout", timeout, DEFAULT_TIMEOUT);
        retries = atLeast(at + "retries", retries, DEFAULT_RETRIES, 1);
        upAfter = atLeast(at + "upAfter", upAfter, DEFAULT_UP_AFTER, 1);
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

    /** A builder with every component unset (null), so each takes the default this record gives it. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.type = type;
        b.url = url;
        b.host = host;
        b.port = port;
        b.interval = interval;
        b.retryInterval = retryInterval;
        b.timeout = timeout;
        b.retries = retries;
        b.upAfter = upAfter;
        b.renotifyEvery = renotifyEvery;
        b.expectedStatus = expectedStatus;
        b.keyword = keyword;
        b.keywordAbsent = keywordAbsent;
        b.maxResponseTime = maxResponseTime;
        b.headers = headers;
        b.modelServer = modelServer;
        return b;
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder {
        private String name;
        private MonitorType type;
        private URI url;
        private String host;
        private Integer port;
        private Duration interval;
        private Duration retryInterval;
        private Duration timeout;
        private Integer retries;
        private Integer upAfter;
        private Integer renotifyEvery;
        private List<Integer> expectedStatus;
        private String keyword;
        private Boolean keywordAbsent;
        private Duration maxResponseTime;
        private Map<String, String> headers;
        private ModelServerThresholds modelServer;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder type(MonitorType type) {
            this.type = type;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(Integer port) {
            this.port = port;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder retries(Integer retries) {
            this.retries = retries;
            return this;
        }

        public Builder upAfter(Integer upAfter) {
            this.upAfter = upAfter;
            return this;
        }

        public Builder renotifyEvery(Integer renotifyEvery) {
            this.renotifyEvery = renotifyEvery;
            return this;
        }

        public Builder expectedStatus(List<Integer> expectedStatus) {
            this.expectedStatus = expectedStatus;
            return this;
        }

        public Builder keyword(String keyword) {
            this.keyword = keyword;
            return this;
        }

        public Builder keywordAbsent(Boolean keywordAbsent) {
            this.keywordAbsent = keywordAbsent;
            return this;
        }

        public Builder maxResponseTime(Duration maxResponseTime) {
            this.maxResponseTime = maxResponseTime;
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = headers;
            return this;
        }

        public Builder modelServer(ModelServerThresholds modelServer) {
            this.modelServer = modelServer;
            return this;
        }

        public MonitorSpec build() {
            return new MonitorSpec(name, type, url, host, port, interval, retryInterval, timeout, retries, upAfter, renotifyEvery, expectedStatus, keyword,
                    keywordAbsent, maxResponseTime, headers, modelServer);
        }
    }
}
