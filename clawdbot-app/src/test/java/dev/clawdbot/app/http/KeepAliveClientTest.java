package dev.clawdbot.app.http;

import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.testkit.llm.InstantModelServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The load driver's own HTTP client: if it misread responses, every benchmark figure would be wrong. */
class KeepAliveClientTest {
    static final String TOKEN = "keep-alive-token-0123456789";

    @Test
    void readsTheGatewaysRepliesAndItsErrorsOverReusedConnections() throws Exception {
        AtomicInteger turns = new AtomicInteger();
        ChatService instant = (m, l) -> l.onComplete(new Reply("s", "answer " + turns.incrementAndGet(), "fake/instant", false, 1, 1));
        HttpGateway gateway = HttpGateway.builder(HttpConfig.defaults(TOKEN).withPort(0), instant).build().start();
        try (KeepAliveClient client = new KeepAliveClient(URI.create("http://127.0.0.1:" + gateway.port()))) {
            for (int i = 1; i <= 30; i++) {
                KeepAliveClient.Response r = client.post("/v1/chat/completions", TOKEN,
                        "{\"model\":\"default\",\"user\":\"u" + i + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 10_000);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).contains("\"answer " + i + "\"");
            }
            KeepAliveClient.Response denied = client.post("/v1/chat/completions", "wrong-token-0123456789", "{}", 10_000);
            assertThat(denied.status()).isEqualTo(401);
            KeepAliveClient.Response after = client.post("/v1/chat/completions", TOKEN,
                    "{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 10_000);
            assertThat(after.status()).isEqualTo(200);
        } finally {
            gateway.stop();
        }
    }

    @Test
    void theInstantModelAnswersCompletionsAndRefusesOtherPaths() throws Exception {
        try (InstantModelServer model = InstantModelServer.start();
             KeepAliveClient client = new KeepAliveClient(URI.create(model.openAiBaseUrl()))) {
            KeepAliveClient.Response ok = client.post("/v1/chat/completions", "k", "{\"model\":\"m\"}", 10_000);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).contains("\"finish_reason\":\"stop\"").contains("\"content\":\"ok\"");
            KeepAliveClient.Response missing = client.post("/v1/embeddings", "k", "{}", 10_000);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("only POST /v1/chat/completions");
            assertThat(model.served()).isEqualTo(1);
        }
    }
}
