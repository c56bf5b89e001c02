package dev.clawdbot.fleet.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local HTTP server whose status and body the test sets; {@code /hang} and {@code /trickle} never finish,
 * {@code /redirect} answers 302 to {@code /}.
 */
final class TestServers implements AutoCloseable {
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> body = new AtomicReference<>("all systems operational");
    final AtomicInteger delayMs = new AtomicInteger(0);
    final AtomicReference<String> lastToken = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    TestServers() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/hang", ex -> {
            await(0);
            ex.close();
        });
        server.createContext("/trickle", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("all ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                await(0);
            }
        });
        server.start();
    }

    private void serve(HttpExchange ex) throws IOException {
        lastToken.set(ex.getRequestHeaders().getFirst("X-Token"));
        if (delayMs.get() > 0) await(delayMs.get());
        byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status.get(), b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** Waits for the test to end (0) or at most {@code ms}: the slow server, not the test, waits. */
    private void await(int ms) {
        try {
            if (ms == 0) release.await();
            else release.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
