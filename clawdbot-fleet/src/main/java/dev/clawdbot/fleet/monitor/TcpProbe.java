package dev.clawdbot.fleet.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Passes when a TCP connection to host:port opens within the timeout. */
record TcpProbe(MonitorSpec spec, Clock clock) implements Probe {
    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(spec.host(), spec.port()), (int) spec.timeout().toMillis());
            return CheckResult.up(at, Duration.ofNanos(System.nanoTime() - start));
        } catch (SocketTimeoutException e) {
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "connect timed out after " + spec.timeout().toMillis() + " ms");
        } catch (IOException | IllegalArgumentException e) {
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "connect failed: " + e.getMessage());
        }
    }
}
