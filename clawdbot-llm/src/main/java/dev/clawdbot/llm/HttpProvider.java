package dev.clawdbot.llm;

import dev.clawdbot.core.events.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side every provider shares: sending, status mapping, the idle and request timeouts, retries
 * with backoff, fault metrics and events. What is on the wire is the {@link WireFormat}'s business.
 */
final class HttpProvider {

    private static final Logger log = LoggerFactory.getLogger(HttpProvider.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final String id;
    private final ProviderConfig config;
    private final ProviderEnvironment env;
    private final WireFormat wire;
    private final HttpClient client;
    private final RetryPolicy retry;
    private final SecretScrubber scrubber;

    HttpProvider(String id, ProviderConfig config, ProviderEnvironment env, WireFormat wire) {
        this.id = id;
        this.config = config;
        this.env = env;
        this.wire = wire;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
        this.retry = new RetryPolicy(config.maxRetries(), config.retryBaseDelay(), config.retryMaxDelay(), config.maxRetryAfter());
        this.scrubber = new SecretScrubber(config.secrets());
    }

    ModelResponse complete(ModelRequest request, StreamListener listener) throws ModelException {
        String answeredAs = id + "/" + request.model();
        byte[] body = wire.requestBody(request, config.stream());
        for (int attempt = 0; ; attempt++) {
            DeltaTracker tracker = new DeltaTracker(listener);
            long start = System.nanoTime();
            try {
                ModelResponse r = attemptOnce(body, answeredAs, tracker);
                record(start, "ok");
                return r;
            } catch (ModelException e) {
                record(start, e.kind().name().toLowerCase(Locale.ROOT));
                if (tracker.streamed) listener.onAttemptDiscarded(answeredAs + " failed mid-reply: " + e.getMessage());
                if (!e.transientFailure() || attempt >= retry.maxRetries() || Thread.currentThread().isInterrupted()) throw e;
                Duration wait = retry.delay(attempt, e.retryAfter(), env.random());
                if (wait == null) throw e;
                env.meters().counter("clawdbot.model.retries", "provider", id).increment();
                log.info("model call to {} failed ({}), retry {} of {} in {} ms", answeredAs, e.kind(), attempt + 1, retry.maxRetries(), wait.toMillis());
                try {
                    env.sleeper().sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void record(long startNanos, String outcome) {
        Timer.builder("clawdbot.model.call.duration").tag("provider", id).tag("outcome", outcome)
                .register(env.meters()).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private ModelResponse attemptOnce(byte[] body, String answeredAs, StreamListener listener) throws ModelException {
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        HttpRequest.Builder b = HttpRequest.newBuilder(wire.endpoint())
                .timeout(config.idleTimeout())
                .header("content-type", "application/json")
                .header("accept", config.stream() ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        wire.headers().forEach(b::header);
        config.headers().forEach(b::header);
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = send(b.build(), answeredAs);
        StreamingBody in = new StreamingBody(config.idleTimeout(), deadline);
        response.body().subscribe(in);
        try (in) {
            int status = response.statusCode();
            if (status / 100 != 2) throw httpError(response, in, answeredAs);
            String contentType = response.headers().firstValue("content-type").orElse("");
            if (config.stream() && contentType.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
                return wire.decodeStream(new SseReader(in), answeredAs, listener);
            }
            ModelResponse r = wire.decodeBody(readAll(in, Integer.MAX_VALUE), answeredAs);
            if (!r.text().isEmpty()) listener.onTextDelta(r.text());
            return r;
        } catch (StreamFault f) {
            throw fault(f, answeredAs, null);
        } catch (java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.NETWORK, answeredAs + ": the call was interrupted");
        } catch (StreamingBody.StallException e) {
            throw fault(new StreamFault(FaultKind.STALL, answeredAs + ": " + e.getMessage()), answeredAs, e);
        } catch (IOException e) {
            throw fault(new StreamFault(FaultKind.DISCONNECT, answeredAs + ": the connection broke mid-reply ("
                    + e.getClass().getSimpleName() + ")"), answeredAs, e);
        }
    }

    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(HttpRequest request, String answeredAs) throws ModelException {
        Future<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        try {
            return f.get(config.idleTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw fault(new StreamFault(FaultKind.STALL, answeredAs + ": no response within " + config.idleTimeout().toMillis() + " ms"), answeredAs, e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.NETWORK, answeredAs + ": the call was interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpConnectTimeoutException) {
                throw fault(new StreamFault(FaultKind.STALL, answeredAs + ": connecting to " + config.baseUrl() + " timed out"), answeredAs, c);
            }
            if (c instanceof HttpTimeoutException) {
                throw fault(new StreamFault(FaultKind.STALL, answeredAs + ": no response within " + config.idleTimeout().toMillis() + " ms"), answeredAs, c);
            }
            String what = c instanceof ConnectException ? "cannot connect to " + config.baseUrl()
                    : "network error talking to " + config.baseUrl() + " (" + c.getClass().getSimpleName() + ")";
            throw fault(new StreamFault(FaultKind.DISCONNECT, answeredAs + ": " + what), answeredAs, c);
        }
    }

    private ModelException httpError(HttpResponse<?> response, InputStream in, String answeredAs) {
        int status = response.statusCode();
        String text;
        try {
            text = readAll(in, MAX_ERROR_BODY);
        } catch (IOException e) {
            text = "";
        }
        Duration retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("retry-after").orElse(null),
                response.headers().firstValue("retry-after-ms").orElse(null), env.clock());
        ModelException.Kind kind = switch (status) {
            case 401, 403 -> ModelException.Kind.AUTH;
            case 408 -> ModelException.Kind.TIMEOUT;
            case 429 -> ModelException.Kind.RATE_LIMITED;
            case 503, 529 -> ModelException.Kind.OVERLOADED;
            case 409 -> ModelException.Kind.SERVER_ERROR;
            default -> status >= 500 ? ModelException.Kind.SERVER_ERROR : ModelException.Kind.BAD_REQUEST;
        };
        String detail = errorDetail(text);
        String message = answeredAs + ": HTTP " + status + (detail == null ? "" : " " + detail);
        if (kind == ModelException.Kind.AUTH) message += " (check the provider's apiKey)";
        countFault(FaultKind.HTTP_STATUS, kind, answeredAs);
        return new ModelException(kind, scrubber.scrub(message), retryAfter, null);
    }

    private String errorDetail(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            var node = StreamJson.MAPPER.readTree(body);
            var err = node.path("error");
            String type = err.isObject() ? StreamJson.text(err, "type") : null;
            String msg = err.isObject() ? StreamJson.text(err, "message") : err.isTextual() ? err.asText() : StreamJson.text(node, "message");
            if (msg == null && type == null) return null;
            String s = (type == null ? "" : type + ": ") + (msg == null ? "" : msg);
            return s.length() > 300 ? s.substring(0, 300) + "..." : s;
        } catch (IOException e) {
            return null;
        }
    }

    private ModelException fault(StreamFault f, String answeredAs, Throwable cause) {
        countFault(f.fault, f.kind, answeredAs);
        log.warn("model call to {} failed: {} ({})", answeredAs, f.fault.tag(), scrubber.scrub(f.getMessage()));
        String message = f.getMessage().startsWith(answeredAs) ? f.getMessage() : answeredAs + ": " + f.getMessage();
        return new ModelException(f.kind, scrubber.scrub(message), null, cause == null ? null : new IOException(cause.getClass().getName()));
    }

    private void countFault(FaultKind fault, ModelException.Kind kind, String answeredAs) {
        Counter.builder("clawdbot.model.faults").tag("provider", id).tag("fault", fault.tag())
                .description("Failed or invalid model replies by kind of fault").register(env.meters()).increment();
        env.events().emit(Event.of(env.clock().instant(), LlmEvents.MODEL_FAULT, "llm",
                "provider", id, "model", answeredAs, "fault", fault.tag(), "kind", kind.name()));
    }

    private static String readAll(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (out.size() < max) out.write(buf, 0, Math.min(n, max - out.size()));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Passes deltas on and remembers whether any were shown, so a failed attempt can be discarded. */
    private static final class DeltaTracker implements StreamListener {
        private final StreamListener delegate;
        boolean streamed;

        DeltaTracker(StreamListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onTextDelta(String text) {
            streamed = true;
            delegate.onTextDelta(text);
        }
    }
}
