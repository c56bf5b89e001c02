package dev.clawdbot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.agent.SessionInfo;
import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.agent.StoredTurn;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.testkit.llm.FakeModelServer;
import dev.clawdbot.testkit.llm.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a real gateway process in the middle of a stream of turns: after a restart every turn the
 * client saw acknowledged is stored, no turn is half there, and the next message works.
 */
class CrashRecoveryTest {

    static final String TOKEN = "crash-token-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FAILURES = java.util.Collections.synchronizedList(new ArrayList<>());
    static final Pattern READY = Pattern.compile("ready on (http://\\S+) ");

    @TempDir
    Path dir;

    @Test
    void killNineMidTurnLosesNothingCommittedAndLeavesNothingHalfDone() throws Exception {
        Random random = new Random(20261123);
        try (FakeModelServer model = FakeModelServer.start()) {
            model.respondWith(req -> {
                pause(random.nextInt(15));
                return Reply.text("answer to " + req.lastUserText());
            });
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            int next = 0;
            for (int cycle = 0; cycle < 3; cycle++) {
                Gateway g = Gateway.launch(dir, model);
                int start = next;
                int before = acknowledged.size();
                CompletableFuture<Integer> client = CompletableFuture.supplyAsync(() -> sendUntilFailure(g.url, start, acknowledged));
                // Kill at a random moment once turns are flowing, so the kill lands anywhere inside a turn.
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 3 || client.isDone());
                Thread.sleep(random.nextInt(300));
                g.process.destroyForcibly();
                assertThat(g.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
                next = client.get(30, TimeUnit.SECONDS);
            }
            Gateway g = Gateway.launch(dir, model);
            try {
                assertThat(send(HttpClient.newHttpClient(), g.url, "after the crashes")).isEqualTo("answer to after the crashes");
            } finally {
                g.process.destroy();
                g.process.waitFor(20, TimeUnit.SECONDS);
            }
            assertThat(acknowledged).as("failures seen by the client: %s", FAILURES).hasSizeGreaterThan(5);

            try (Database db = Database.sqlite(dir.resolve("data/clawdbot.db"))) {
                SessionStore store = new SessionStore(db, Clock.systemUTC());
                SessionInfo session = store.findActive(SessionInfo.key("dakota", "http", "crash")).orElseThrow();
                List<StoredTurn> turns = store.turnsAfter(session.id(), 0);
                List<String> stored = new ArrayList<>();
                for (int i = 0; i < turns.size(); i++) {
                    StoredTurn t = turns.get(i);
                    assertThat(t.seq()).as("turn sequence has no gaps").isEqualTo(i + 1);
                    List<ChatMessage> m = t.messages();
                    assertThat(m).hasSizeGreaterThanOrEqualTo(2);
                    assertThat(m.get(0).role()).isEqualTo(ChatMessage.Role.USER);
                    assertThat(m.get(m.size() - 1).role()).isEqualTo(ChatMessage.Role.ASSISTANT);
                    String question = m.get(0).text();
                    assertThat(m.get(m.size() - 1).text()).as("turn is whole").isEqualTo("answer to " + question);
                    stored.add(question);
                }
                assertThat(stored).containsAll(acknowledged);
                assertThat(stored).last().isEqualTo("after the crashes");
                assertThat(stored).doesNotHaveDuplicates();
            }
        }
    }

    /** Sends numbered turns until the gateway dies; returns the next number to use. */
    private static int sendUntilFailure(String url, int from, Set<String> acknowledged) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int i = from;
        while (true) {
            String text = "turn " + i++;
            try {
                String answer = send(http, url, text);
                if (answer.equals("answer to " + text)) acknowledged.add(text);
            } catch (IOException e) {
                FAILURES.add(url + " " + text + ": " + e);
                return i;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            }
        }
    }

    private static String send(HttpClient http, String url, String text) throws IOException, InterruptedException {
        var body = JSON.createObjectNode();
        body.put("model", "default");
        body.put("user", "crash");
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IOException("HTTP " + resp.statusCode() + ": " + resp.body());
        return JSON.readTree(resp.body()).path("choices").path(0).path("message").path("content").asText();
    }

    private static void pause(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A gateway in its own JVM, so that it can be killed with SIGKILL. */
    record Gateway(Process process, String url) {
        static Gateway launch(Path dir, FakeModelServer model) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve");
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("CLAWDBOT_") || k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_"));
            env.put("CLAWDBOT_DATA", dir.resolve("data").toString());
            env.put("CLAWDBOT_PORT", "0");
            env.put("CLAWDBOT_GATEWAY_TOKEN", TOKEN);
            env.put("CLAWDBOT_MODEL", "openai/fake-model");
            env.put("OPENAI_BASE_URL", model.openAiBaseUrl());
            env.put("OPENAI_API_KEY", "sk-crash-test-key-0000");
            pb.redirectErrorStream(true);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        seen.append(line).append('\n');
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            Thread.ofVirtual().start(() -> drain(out));
                            return m.group(1);
                        }
                    }
                } catch (IOException e) {
                    seen.append(e);
                }
                throw new IllegalStateException("gateway did not start:\n" + seen);
            });
            try {
                return new Gateway(p, ready.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("gateway did not become ready", e);
            }
        }

        private static void drain(BufferedReader out) {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling up
                }
            } catch (IOException ignored) {
                // process gone
            }
        }
    }
}
