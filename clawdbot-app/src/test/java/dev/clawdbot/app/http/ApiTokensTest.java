package dev.clawdbot.app.http;

import static dev.clawdbot.app.http.GatewayFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.sandbox.ElevatedExec;
import dev.clawdbot.sandbox.ElevatedPolicy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-user API tokens: the identity policy sees comes from the token, never from the request body. */
class ApiTokensTest {
    @TempDir
    Path dir;
    private Database db;
    private ApiTokenStore store;
    private GatewayFixture gw;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        store = new ApiTokenStore(db, Clock.systemUTC());
        gw = new GatewayFixture(c -> c, b -> b.tokens(store));
    }

    @AfterEach
    void close() {
        gw.close();
        db.close();
    }

    /** The reproduction from issue 11 item 5: {@code user: "ops"} used to make the caller {@code http:ops}. */
    @Test
    void aTokenHolderSendingUserOpsDoesNotPassAnElevatedRuleForHttpOps() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/echo")), "/bin/echo is needed");
        String echo = Path.of("/bin/echo").toRealPath().toString();
        ElevatedExec elevated = new ElevatedExec(new ElevatedPolicy(Map.of(),
                List.of(new ElevatedPolicy.Rule("ops-echo", List.of("http:ops"), echo, List.of("elevated-ran"))),
                Duration.ofSeconds(10), null), EventSink.NONE, Clock.systemUTC());
        gw.chat.script((m, l) -> {
            try {
                ToolResult r = elevated.invoke(JsonNodeFactory.instance.objectNode().set("argv",
                        JsonNodeFactory.instance.arrayNode().add(echo).add("elevated-ran")),
                        new ToolContext("dakota", "s", m.caller(), dir, Duration.ofSeconds(10)));
                l.onComplete(reply(r.content()));
            } catch (Exception e) {
                l.onComplete(reply("failed: " + e));
            }
        });
        String alice = store.create("alice", EnumSet.of(Scope.CHAT)).secret();

        HttpResponse<String> asAlice = complete(alice, "{\"user\":\"ops\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");

        assertThat(asAlice.statusCode()).isEqualTo(200);
        assertThat(content(asAlice)).contains("refused").contains("http:alice").doesNotContain("elevated-ran\n");
        Caller caller = gw.chat.last().caller();
        assertThat(caller.id()).isEqualTo("http:alice");
        assertThat(caller.sessionPeer()).isEqualTo("alice/ops");

        String ops = store.create("ops", EnumSet.of(Scope.CHAT)).secret();
        HttpResponse<String> asOps = complete(ops, "{\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}");
        assertThat(content(asOps)).contains("elevated-ran").doesNotContain("refused");
    }

    @Test
    void userSelectsOnlyASessionWithinThePrincipal() throws Exception {
        String bob = store.create("bob", EnumSet.of(Scope.CHAT)).secret();
        complete(bob, "{\"user\":\"work\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
        Caller work = gw.chat.last().caller();
        complete(bob, "{\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}");
        Caller plain = gw.chat.last().caller();

        assertThat(work.id()).isEqualTo(plain.id()).isEqualTo("http:bob");
        assertThat(work.sessionPeer()).isEqualTo("bob/work");
        assertThat(plain.sessionPeer()).isEqualTo("bob");
    }

    @Test
    void theGatewayTokenStillActsAsTheOperatorNamingTheSession() throws Exception {
        gw.complete("{\"user\":\"carol\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
        assertThat(gw.chat.last().caller().id()).isEqualTo("http:carol");
    }

    @Test
    void scopesRevocationAndUnknownTokensAreEnforced() throws Exception {
        ApiTokenStore.Created metricsOnly = store.create("scraper", EnumSet.of(Scope.METRICS));
        assertThat(complete(metricsOnly.secret(), "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}").statusCode())
                .isEqualTo(403);
        assertThat(gw.send(gw.request("/metrics").header("Authorization", "Bearer " + metricsOnly.secret()).GET().build())
                .statusCode()).isEqualTo(200);
        assertThat(gw.chat.received).isEmpty();

        ApiTokenStore.Created dave = store.create("dave", EnumSet.of(Scope.CHAT));
        assertThat(complete(dave.secret(), "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}").statusCode()).isEqualTo(200);
        assertThat(store.revoke(dave.entry().id())).isEqualTo(1);
        assertThat(complete(dave.secret(), "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}").statusCode()).isEqualTo(401);
        assertThat(complete("cbt_" + "A".repeat(43), "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}").statusCode())
                .isEqualTo(401);
        assertThat(store.list()).extracting(ApiTokenStore.Entry::principal, ApiTokenStore.Entry::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dave", false), org.assertj.core.groups.Tuple.tuple("scraper", true));
    }

    @Test
    void onlyTheHashIsStored() {
        ApiTokenStore.Created t = store.create("erin", EnumSet.of(Scope.CHAT, Scope.GUARD));
        assertThat(t.secret()).startsWith("cbt_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(t.toString()).doesNotContain(t.secret());
        String stored = db.withConnection(c -> {
            StringBuilder sb = new StringBuilder();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM api_tokens")) {
                while (rs.next()) for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) sb.append(rs.getString(i)).append('|');
            }
            return sb.toString();
        });
        assertThat(stored).contains("erin").contains("chat,guard").doesNotContain(t.secret())
                .doesNotContain(t.secret().substring(4, 24));
        assertThat(store.authenticate(t.secret())).get().extracting(Principal::name, Principal::scopes)
                .containsExactly("erin", Set.of(Scope.CHAT, Scope.GUARD));
    }

    @Test
    void principalNamesCannotPoseAsSessionsOrTheOperator() {
        for (String bad : List.of("Alice", "a/b", "a:b", "", "operator", "x".repeat(65))) {
            assertThatThrownBy(() -> store.create(bad, EnumSet.of(Scope.CHAT))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.create("ok", EnumSet.noneOf(Scope.class))).hasMessageContaining("scope");
    }

    @Test
    void webChatPeerSelectsASessionWithinThePrincipal() throws Exception {
        String frank = store.create("frank", EnumSet.of(Scope.CHAT)).secret();
        try (WsClient ws = WsClient.open(gw)) {
            ws.send("{\"type\":\"auth\",\"token\":\"" + frank + "\",\"peer\":\"ops-peer-1\"}");
            assertThat(ws.next().get("ok").asBoolean()).isTrue();
            ws.send("{\"type\":\"message\",\"id\":\"m1\",\"text\":\"hi\"}");
            assertThat(ws.next().get("type").asText()).isEqualTo("done");
        }
        Caller caller = gw.chat.last().caller();
        assertThat(caller.id()).isEqualTo("web:frank");
        assertThat(caller.sessionPeer()).isEqualTo("frank/ops-peer-1");
    }

    private HttpResponse<String> complete(String token, String json) throws Exception {
        return gw.send(gw.request("/v1/chat/completions").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static String content(HttpResponse<String> resp) throws Exception {
        JsonNode body = GatewayFixture.json(resp.body());
        return body.path("choices").path(0).path("message").path("content").asText(body.toString());
    }
}
