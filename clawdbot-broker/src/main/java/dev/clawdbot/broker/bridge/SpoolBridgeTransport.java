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
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Same-host bridge transport: the sender drops {@code <dir>/<id>.json} (temp file + atomic rename) holding the
 * agent, the headers and the body; {@link #drain} feeds each file to the receiver, which checks it exactly as
 * an HTTP request. The file format carries no trust: a file anyone wrote is verified like any other message.
 */
public final class SpoolBridgeTransport implements BridgeTransport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public SpoolBridgeTransport(Path dir) {
        this.dir = dir;
    }

    @Override
    public void deliver(BridgeMessage message) throws IOException {
        Files.createDirectories(dir);
        ObjectNode n = JSON.createObjectNode();
        n.put("agent", message.agentId());
        ObjectNode h = n.putObject("headers");
        message.headers().forEach(h::put);
        n.put("body", Base64.getEncoder().encodeToString(message.body()));
        String id = message.headers().getOrDefault(WebhookSignature.ID, "msg");
        Path tmp = dir.resolve("." + id + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(n));
        try {
            Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Hands every complete file to {@code receiver} and removes it; returns how many were delivered (204). */
    public int drain(BridgeReceiver receiver) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int delivered = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                int status;
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    Map<String, String> headers = new HashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("headers").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        headers.put(e.getKey(), e.getValue().asText());
                    }
                    byte[] body = Base64.getDecoder().decode(n.path("body").asText(""));
                    status = receiver.handle(headers, body, n.path("agent").asText(null));
                } catch (IOException | IllegalArgumentException e) {
                    status = receiver.handle(Map.of(), new byte[0], null);
                }
                if (status == 503) continue;
                Files.deleteIfExists(f);
                if (status == 204) delivered++;
            }
        }
        return delivered;
    }
}
