package dev.clawdbot.mail;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.oauth.FakeTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The refresh-token grant against a fake Microsoft/Google-style token endpoint, with its faults. */
class OAuth2TokensTest {
    static final String REFRESH = "rt-0.AAAAsecret-refresh";
    static final String CLIENT_SECRET = "cs~very-secret";

    final FakeTokenEndpoint endpoint = new FakeTokenEndpoint(REFRESH);
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @AfterEach
    void tearDown() {
        endpoint.close();
    }

    OAuth2Tokens tokens(Duration margin) {
        OAuth2Grant cfg = new OAuth2Grant(endpoint.url(), "client-1", CLIENT_SECRET, REFRESH,
                "https://outlook.office.com/IMAP.AccessAsUser.All offline_access", margin);
        return new OAuth2Tokens(cfg, HttpClient.newHttpClient(), clock, Duration.ofMillis(10));
    }

    @Test
    void postsTheRefreshGrantAndReusesTheTokenUntilShortlyBeforeItExpires() throws Exception {
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        assertThat(t.accessToken()).isEqualTo("at-1");
        assertThat(endpoint.requests).singleElement().isEqualTo(Map.of("grant_type", "refresh_token", "refresh_token", REFRESH,
                "client_id", "client-1", "client_secret", CLIENT_SECRET, "scope", "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"));
        assertThat(endpoint.contentTypes).containsExactly("application/x-www-form-urlencoded");
        clock.advance(Duration.ofMinutes(57).plusSeconds(59));
        assertThat(t.accessToken()).isEqualTo("at-1");
        clock.advance(Duration.ofSeconds(1)); // 58 minutes: within the two-minute margin of the hour
        assertThat(t.accessToken()).isEqualTo("at-2");
        assertThat(endpoint.requests).hasSize(2);
        assertThat(t.refreshes()).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsReusedForHalfItsLifeAtMost() throws Exception {
        endpoint.expiresIn = 60;
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        assertThat(t.accessToken()).isEqualTo("at-1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(t.accessToken()).isEqualTo("at-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(t.accessToken()).isEqualTo("at-2");
    }

    @Test
    void aRotatedRefreshTokenIsUsedForTheNextGrant() throws Exception {
        endpoint.rotate = true;
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        t.accessToken();
        assertThat(t.replace("at-1")).isEqualTo("at-2");
        assertThat(endpoint.requests).extracting(r -> r.get("refresh_token")).containsExactly(REFRESH, "rt-rotated-1");
        assertThat(t.redact("x rt-rotated-2 y at-2 z")).isEqualTo("x *** y *** z");
    }

    @Test
    void a429IsRetriedAfterRetryAfterAnd5xxWithBackoff() throws Exception {
        endpoint.fail(429, "{\"error\":\"temporarily_unavailable\"}", "1");
        endpoint.fail(503, "<html>Service Unavailable</html>", null);
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        long start = System.nanoTime();
        assertThat(t.accessToken()).isEqualTo("at-1");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(950_000_000L);
        assertThat(endpoint.requests).hasSize(3);
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheLastAttemptWithAClearMessage() {
        for (int i = 0; i < OAuth2Tokens.MAX_ATTEMPTS; i++) endpoint.fail(500, "{\"error\":\"server_error\"}", null);
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        assertThatThrownBy(t::accessToken).isInstanceOfSatisfying(OAuth2Exception.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 500").contains("server_error").contains(endpoint.url());
        });
        assertThat(endpoint.requests).hasSize(OAuth2Tokens.MAX_ATTEMPTS);
    }

    @Test
    void malformedOrIncompleteTokenResponsesAreRetriedThenReported() throws Exception {
        endpoint.fail(200, "{\"access_token\": \"at-tru", null);
        endpoint.fail(200, "{\"token_type\":\"Bearer\",\"expires_in\":3600}", null);
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        assertThat(t.accessToken()).isEqualTo("at-1");
        assertThat(endpoint.requests).hasSize(3);

        for (int i = 0; i < OAuth2Tokens.MAX_ATTEMPTS; i++) endpoint.fail(200, "<html>login page</html>", null);
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(t::accessToken).isInstanceOf(OAuth2Exception.class).hasMessageContaining("malformed JSON");
        endpoint.fail(200, "{\"access_token\":\"mac-1\",\"token_type\":\"mac\",\"expires_in\":60}", null);
        assertThatThrownBy(t::accessToken).isInstanceOf(OAuth2Exception.class).hasMessageContaining("not a Bearer token").hasMessageNotContaining("mac-1");
    }

    @Test
    void aRevokedRefreshTokenIsNotRetriedAndNoSecretReachesTheMessage() {
        // An endpoint that echoes what it was sent must not carry the secrets into our error.
        endpoint.fail(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token " + REFRESH + " for client secret "
                + CLIENT_SECRET + " was revoked\\r\\nforged: line\"}", null);
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        assertThatThrownBy(t::accessToken).isInstanceOfSatisfying(OAuth2Exception.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 400").contains("invalid_grant").contains("obtain a new refresh token")
                    .doesNotContain(REFRESH).doesNotContain(CLIENT_SECRET).doesNotContain("\n").doesNotContain("\r");
        });
        assertThat(endpoint.requests).hasSize(1);
    }

    @Test
    void callersThatSawTheSameStaleTokenRefreshItOnce() throws Exception {
        OAuth2Tokens t = tokens(Duration.ofMinutes(2));
        String stale = t.accessToken();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<String>> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return t.replace(stale);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        assertThat(callers).allSatisfy(f -> assertThat(f.join()).isEqualTo("at-2"));
        assertThat(endpoint.requests).hasSize(2);
    }
}
