package dev.clawdbot.app.http;

import dev.clawdbot.core.config.Secret;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The HTTP listener: where it binds, the bearer token every API call and chat socket must present, and the
 * limits that keep one client from exhausting the gateway. Defaults are applied and validated here, once.
 *
 * @param host                 bind address; loopback unless the operator deliberately exposes it
 * @param port                 TCP port; 0 picks a free one (tests)
 * @param token                the bearer token, already resolved from env/file by the config loader; null until
 *                             the app fills in {@code CLAWDBOT_GATEWAY_TOKEN} or a generated one ({@link #withToken})
 * @param corsOrigins          origins allowed to call the API from a browser; empty means CORS is off
 * @param maxBodyBytes         largest accepted request body (and WebSocket message)
 * @param maxConcurrentStreams most simultaneously open streams (SSE completions plus chat sockets)
 * @param replyTimeout         how long a request waits for the agent's reply before giving up
 */
public record HttpConfig(String host, Integer port, @Secret String token, List<String> corsOrigins, Long maxBodyBytes,
                         Integer maxConcurrentStreams, Duration replyTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 256;
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofMinutes(10);
    /** Shorter tokens are guessable; the generated one is 43 characters. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+");

    public HttpConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        port = port == null ? DEFAULT_PORT : port;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("http.port must be 0..65535, was " + port);
        token = token == null || token.isBlank() ? null : token;
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("http.token must be at least " + MIN_TOKEN_LENGTH
                    + " characters, was " + token.length() + " characters");
        }
        if (token != null && !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("http.token must be printable ASCII without spaces");
        }
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        for (String origin : corsOrigins) {
            if (origin == null || !ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("http.corsOrigins entries must look like https://host[:port], was '"
                        + origin + "'");
            }
        }
        maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        if (maxBodyBytes < 1024 || maxBodyBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("http.maxBodyBytes must be 1024..67108864, was " + maxBodyBytes);
        }
        maxConcurrentStreams = maxConcurrentStreams == null ? DEFAULT_MAX_CONCURRENT_STREAMS : maxConcurrentStreams;
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("http.maxConcurrentStreams must be at least 1, was " + maxConcurrentStreams);
        }
        replyTimeout = replyTimeout == null ? DEFAULT_REPLY_TIMEOUT : replyTimeout;
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("http.replyTimeout must be positive, was " + replyTimeout);
        }
    }

    /** Loopback defaults with the given token. */
    public static HttpConfig defaults(String token) {
        return new HttpConfig(null, null, token, null, null, null, null);
    }

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, token, corsOrigins, maxBodyBytes, maxConcurrentStreams, replyTimeout);
    }

    public HttpConfig withToken(String newToken) {
        return new HttpConfig(host, port, newToken, corsOrigins, maxBodyBytes, maxConcurrentStreams, replyTimeout);
    }

    /** The token is a secret: it never appears in toString, logs or exceptions. */
    @Override
    public String toString() {
        return "HttpConfig[host=" + host + ", port=" + port + ", token=***, corsOrigins=" + corsOrigins
                + ", maxBodyBytes=" + maxBodyBytes + ", maxConcurrentStreams=" + maxConcurrentStreams
                + ", replyTimeout=" + replyTimeout + "]";
    }
}
