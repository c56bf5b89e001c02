package dev.clawdbot.broker;

import dev.clawdbot.mail.SmtpConfig;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How approved actions run (YAML key {@code broker.execution}). {@code timeout}: per action (10 m).
 * {@code maxOutputBytes}: output kept per action (64 KiB; the rest is read and dropped). {@code dockerSocket}:
 * the Docker Engine API socket used for local container actions when it exists ({@code /var/run/docker.sock});
 * otherwise {@code dockerProgram} (the CLI) is run. {@code smtp}: the server for {@code mail} actions
 * (STARTTLS, when {@code startTls}, is required), sending as its {@code from}.
 */
public record ExecutionConfig(Duration timeout, Integer maxOutputBytes, Path dockerSocket, String dockerProgram, SmtpConfig smtp) {

    public ExecutionConfig {
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(6)) > 0) {
            throw new IllegalArgumentException("broker.execution.timeout must be between 1s and 6h, was " + timeout);
        }
        maxOutputBytes = maxOutputBytes == null ? 64 * 1024 : maxOutputBytes;
        if (maxOutputBytes < 1024 || maxOutputBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("broker.execution.maxOutputBytes must be 1024..16777216, was " + maxOutputBytes);
        }
        dockerSocket = dockerSocket == null ? Path.of("/var/run/docker.sock") : dockerSocket;
        dockerProgram = dockerProgram == null ? "docker" : dockerProgram;
        if (dockerProgram.isBlank()) throw new IllegalArgumentException("broker.execution.dockerProgram must not be blank");
        if (smtp != null && smtp.from() == null) throw new IllegalArgumentException("broker.execution.smtp.from must be an e-mail address, was null");
    }

    public static ExecutionConfig defaults() {
        return new ExecutionConfig(null, null, null, null, null);
    }
}
