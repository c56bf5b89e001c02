package dev.clawdbot.guard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.GuardConfig;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 11 item 9: the guard API's PII vault is keyed on the authenticated principal, not on a client header. */
class GuardVaultKeyingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TOKENS = Map.of("Bearer alice-token-0123456789", "alice",
            "Bearer mallory-token-0123456789", "mallory");
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeEach
    void start() {
        Guard guard = Guard.create(GuardConfig.defaults(), EventSink.NONE, Clock.systemUTC());
        app = Javalin.create(cfg -> GuardRoutes.register(cfg.routes, guard,
                (GuardRoutes.Authenticator) h -> Optional.ofNullable(h == null ? null : TOKENS.get(h)))).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        http.close();
    }

    private String post(String path, String field, String text, String token, String source) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("prompt", "p").put(field, text).toString()));
        if (source != null) b.header(GuardRoutes.SOURCE_HEADER, source);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void anotherPrincipalSendingTheSameSourceHeaderGetsNoPiiBack() throws Exception {
        String sanitized = JSON.readTree(post("/analyze/prompt", "prompt", "Write to jan@example.nl", "alice-token-0123456789", "webui"))
                .get("sanitized_prompt").asText();
        assertThat(sanitized).isEqualTo("Write to [EMAIL_1]");

        String stolen = JSON.readTree(post("/analyze/output", "output", "It was [EMAIL_1]", "mallory-token-0123456789", "webui"))
                .get("sanitized_output").asText();
        assertThat(stolen).isEqualTo("It was [EMAIL_1]");

        String own = JSON.readTree(post("/analyze/output", "output", "It was [EMAIL_1]", "alice-token-0123456789", "webui"))
                .get("sanitized_output").asText();
        assertThat(own).isEqualTo("It was jan@example.nl");
    }

    @Test
    void aSourceHeaderCannotNameAnotherPrincipalsVault() throws Exception {
        post("/analyze/prompt", "prompt", "Write to piet@example.nl", "alice-token-0123456789", null);
        String forged = JSON.readTree(post("/analyze/output", "output", "[EMAIL_1]", "mallory-token-0123456789", "alice"))
                .get("sanitized_output").asText();
        assertThat(forged).isEqualTo("[EMAIL_1]");
    }
}
