package dev.clawdbot.channels.voice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fake speech APIs on the real wire formats: OpenAI-compatible {@code POST /audio/transcriptions}
 * (multipart, Bearer), {@code POST /audio/speech} (JSON, Bearer) and ElevenLabs
 * {@code POST /v1/text-to-speech/{voice_id}} ({@code xi-api-key}); speech answers are real WAV audio.
 */
public final class FakeSpeechServer implements AutoCloseable {
    public record Request(String path, String auth, String contentType, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static final String KEY = "speech-key-123";
    private final HttpServer server;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public volatile String transcript = "what is the weather tomorrow";
    public volatile int failStatus;

    public FakeSpeechServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            String auth = ex.getRequestHeaders().getFirst(path.startsWith("/v1/text-to-speech/") ? "xi-api-key" : "Authorization");
            requests.add(new Request(path, auth, ex.getRequestHeaders().getFirst("Content-Type"), body));
            boolean authorised = path.startsWith("/v1/text-to-speech/") ? KEY.equals(auth) : ("Bearer " + KEY).equals(auth);
            if (!authorised) {
                reply(ex, 401, "application/json", "{\"error\":{\"message\":\"invalid api key\"}}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (failStatus != 0) {
                reply(ex, failStatus, "application/json", "{\"error\":{\"message\":\"injected\"}}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/audio/transcriptions")) {
                String text = new String(body, StandardCharsets.ISO_8859_1);
                if (!text.contains("name=\"file\"") || !text.contains("name=\"model\"")) {
                    reply(ex, 400, "application/json", "{\"error\":{\"message\":\"file and model are required\"}}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                reply(ex, 200, "application/json", ("{\"text\":\"" + transcript.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/audio/speech") || path.startsWith("/v1/text-to-speech/")) {
                reply(ex, 200, "audio/wav", wav(0.4));
            } else {
                reply(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    /** A mono 16 kHz 16-bit PCM WAV with a 440 Hz tone. */
    public static byte[] wav(double seconds) {
        int rate = 16000, n = (int) (rate * seconds);
        ByteBuffer pcm = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) pcm.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8000));
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + n * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        h.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(n * 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(pcm.array());
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
