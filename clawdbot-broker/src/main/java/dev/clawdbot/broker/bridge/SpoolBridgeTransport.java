package dev.clawdbot.broker.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Same-host bridge transport: the sender drops {@code <dir>/<id>.json} (temp file + atomic rename) holding the
 * agent, the headers and the body; {@link #drainAll} feeds each file to the receiver, which checks it exactly as
 * an HTTP request. The file format carries no trust: a file anyone wrote is verified like any other message.
 * A note waits as long as the receiver is down: the drain leaves notes whose timestamp is near the end of the
 * receiver's window for the sender, whose {@link #refresh} re-signs them with the same id and a fresh timestamp,
 * so a note delayed for hours is still delivered, and still at most once (the receiver remembers the id).
 */
public final class SpoolBridgeTransport implements BridgeTransport {

    /** One drain pass: delivered (204), duplicates (409: delivered before, e.g. before a crash), rejected, left waiting. */
    public record DrainResult(int delivered, int duplicates, int rejected, int waiting, boolean receiverUnavailable) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public SpoolBridgeTransport(Path dir) {
        this.dir = dir;
    }

    @Override
    public void deliver(BridgeMessage message) throws IOException {
        String id = message.headers().getOrDefault(WebhookSignature.ID, "msg");
        write(id, message.agentId(), message.headers(), message.body());
    }

    private void write(String id, String agent, Map<String, String> headers, byte[] body) throws IOException {
        Files.createDirectories(dir);
        ObjectNode n = JSON.createObjectNode();
        n.put("agent", agent);
        ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        n.put("body", Base64.getEncoder().encodeToString(body));
        Path tmp = dir.resolve("." + id + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(n));
        try {
            Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Hands every complete file to {@code receiver}; returns how many were delivered (204). */
    public int drain(BridgeReceiver receiver) throws IOException {
        return drainAll(receiver).delivered();
    }

    /**
     * Hands every complete file to {@code receiver} and removes it once answered (delivered, a duplicate, or refused).
     * A file is kept when the receiver is unavailable (503, or it threw: its database is down), which ends the pass,
     * and when its timestamp is in the last fifth of the receiver's window (the sender re-signs it).
     */
    public DrainResult drainAll(BridgeReceiver receiver) throws IOException {
        if (!Files.isDirectory(dir)) return new DrainResult(0, 0, 0, 0, false);
        int delivered = 0, duplicates = 0, rejected = 0, waiting = 0;
        Instant staleFrom = receiver.now().minus(receiver.tolerance().multipliedBy(4).dividedBy(5));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                Spooled s = read(f);
                if (s != null && s.timestamp() != null && s.timestamp().isBefore(staleFrom)) {
                    waiting++;
                    continue;
                }
                int status;
                try {
                    status = s == null ? receiver.handle(Map.of(), new byte[0], null) : receiver.handle(s.headers(), s.body(), s.agent());
                } catch (RuntimeException e) {
                    return new DrainResult(delivered, duplicates, rejected, waiting + 1, true);
                }
                if (status == 503) return new DrainResult(delivered, duplicates, rejected, waiting + 1, true);
                Files.deleteIfExists(f);
                switch (status) {
                    case 204 -> delivered++;
                    case 409 -> duplicates++;
                    default -> rejected++;
                }
            }
        }
        return new DrainResult(delivered, duplicates, rejected, waiting, false);
    }

    /**
     * The sender's side: re-signs, with the same id and the current time, every spooled note that verifies under
     * {@code secrets} and is older than half of {@code tolerance}; removes old files that verify under none (they can
     * never be delivered). Returns how many were re-signed.
     */
    public int refresh(List<WebhookSecret> secrets, Instant now, Duration tolerance) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int refreshed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                Spooled s = read(f);
                if (s == null || s.timestamp() == null || !s.timestamp().isBefore(now.minus(tolerance.dividedBy(2)))) continue;
                // Verified at its own timestamp: only the signature matters here, not its age.
                WebhookSignature.Verdict v = WebhookSignature.verify(s.headers(), s.body(), secrets, s.timestamp(), tolerance);
                if (!(v instanceof WebhookSignature.Verdict.Valid valid)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                Map<String, String> headers = new HashMap<>();
                headers.put(WebhookSignature.ID, valid.id());
                headers.put(WebhookSignature.TIMESTAMP, Long.toString(now.getEpochSecond()));
                headers.put(WebhookSignature.SIGNATURE, WebhookSignature.sign(secrets.getFirst(), valid.id(), now.getEpochSecond(), s.body()));
                if (Files.exists(f)) {
                    write(valid.id(), s.agent(), headers, s.body());
                    refreshed++;
                }
            }
        }
        return refreshed;
    }

    private record Spooled(String agent, Map<String, String> headers, byte[] body, Instant timestamp) {
    }

    /** The file's note; null when it is unreadable (the receiver then refuses it like any malformed request). */
    private static Spooled read(Path f) {
        try {
            JsonNode n = JSON.readTree(f.toFile());
            Map<String, String> headers = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                headers.put(e.getKey(), e.getValue().asText());
            }
            byte[] body = Base64.getDecoder().decode(n.path("body").asText(""));
            String ts = headers.get(WebhookSignature.TIMESTAMP);
            Instant stamp = ts != null && ts.length() >= 1 && ts.length() <= 12 && ts.chars().allMatch(c -> c >= '0' && c <= '9') ? Instant.ofEpochSecond(Long.parseLong(ts)) : null;
            return new Spooled(n.path("agent").asText(null), headers, body, stamp);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
