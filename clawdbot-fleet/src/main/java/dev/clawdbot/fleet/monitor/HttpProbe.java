package dev.clawdbot.fleet.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET the URL; passes when the status is accepted, the keyword is present (or absent) in the first 1 MiB of the
 * body, the JSON path holds the expected value and the whole exchange finished within {@code maxResponseTime}. The timeout bounds the whole exchange, body
 * included: a server that trickles its body is cut off by closing the stream, which ends the reading thread.
 */
record HttpProbe(MonitorSpec spec, HttpClient http, Clock clock) implements Probe {
    /** Enough for any status page; more is not read, so a huge body costs nothing. */
    static final int BODY_LIMIT = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        long deadline = start + spec.timeout().toNanos();
        HttpRequest.Builder b = HttpRequest.newBuilder(spec.url()).timeout(spec.timeout()).GET();
        spec.headers().forEach(b::header);
        CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = sent.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            try (InputStream in = response.body()) {
                String cause = judge(response.statusCode(), in, deadline);
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                if (cause == null && spec.maxResponseTime() != null && latency.compareTo(spec.maxResponseTime()) > 0) {
                    cause = "response took " + latency.toMillis() + " ms, more than " + spec.maxResponseTime().toMillis() + " ms";
                }
                return cause == null ? CheckResult.up(at, latency) : CheckResult.down(at, latency, cause);
            }
        } catch (TimeoutException e) {
            sent.cancel(true);
            return timedOut(at, start);
        } catch (BodyTimeout e) {
            return timedOut(at, start);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            String what = c instanceof java.net.http.HttpTimeoutException ? "timed out after " + spec.timeout().toMillis() + " ms"
                    : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "request failed: " + what);
        } catch (IOException e) {
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "reading the response failed: " + e.getMessage());
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "interrupted");
        }
    }

    private CheckResult timedOut(Instant at, long start) {
        return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "timed out after " + spec.timeout().toMillis() + " ms");
    }

    /** Null when the response passes, else why not. */
    private String judge(int status, InputStream in, long deadline) throws IOException, InterruptedException, BodyTimeout {
        if (!spec.accepts(status)) {
            return "status " + status + ", expected " + (spec.expectedStatus().isEmpty() ? "2xx" : spec.expectedStatus());
        }
        if (spec.keyword() == null && spec.jsonPath() == null) return null;
        String body = readBounded(in, deadline);
        if (spec.keyword() != null) {
            // String.contains is linear in the body for a fixed keyword: no pattern engine meets the untrusted page.
            boolean found = body.contains(spec.keyword());
            if (found && spec.keywordAbsent()) return "keyword \"" + spec.keyword() + "\" present";
            if (!found && !spec.keywordAbsent()) return "keyword \"" + spec.keyword() + "\" not found";
        }
        return spec.jsonPath() == null ? null : judgeJson(body);
    }

    private String judgeJson(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body); // Jackson's parser is linear; the body is at most BODY_LIMIT
        } catch (IOException e) {
            return "body is not JSON";
        }
        JsonNode at = JsonPath.parse("jsonPath", spec.jsonPath()).find(root);
        if (at == null || at.isMissingNode()) return spec.jsonPath() + " not found";
        if (spec.jsonValue() == null) return null;
        String actual = at.isValueNode() ? at.asText() : at.toString();
        if (actual.equals(spec.jsonValue())) return null;
        return spec.jsonPath() + " is \"" + Text.clip(actual, 80) + "\", expected \"" + spec.jsonValue() + "\"";
    }

    private static String readBounded(InputStream in, long deadline) throws IOException, InterruptedException, BodyTimeout {
        FutureTask<byte[]> read = new FutureTask<>(() -> in.readNBytes(BODY_LIMIT));
        Thread.ofVirtual().name("monitor-body").start(read);
        try {
            return new String(read.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            in.close(); // unblocks the reader
            read.cancel(true);
            throw new BodyTimeout();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static final class BodyTimeout extends Exception {
        BodyTimeout() {
            super(null, null, false, false);
        }
    }
}
