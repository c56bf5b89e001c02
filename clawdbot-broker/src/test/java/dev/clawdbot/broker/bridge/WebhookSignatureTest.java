package dev.clawdbot.broker.bridge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    // The Standard Webhooks published test vector (standard-webhooks spec and reference libraries).
    static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long VECTOR_TS = 1614265330L;
    static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String VECTOR_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static Map<String, String> headers(String id, String ts, String sig) {
        return Map.of("webhook-id", id, "webhook-timestamp", ts, "webhook-signature", sig);
    }

    @Test
    void reproducesThePublishedTestVector() {
        assertThat(WebhookSignature.sign(WebhookSecret.parse(VECTOR_SECRET), VECTOR_ID, VECTOR_TS, VECTOR_BODY)).isEqualTo(VECTOR_SIG);
        var v = WebhookSignature.verify(headers(VECTOR_ID, "" + VECTOR_TS, VECTOR_SIG), VECTOR_BODY,
                List.of(WebhookSecret.parse(VECTOR_SECRET)), Instant.ofEpochSecond(VECTOR_TS), Duration.ofMinutes(5));
        assertThat(v).isEqualTo(new WebhookSignature.Verdict.Valid(VECTOR_ID, Instant.ofEpochSecond(VECTOR_TS)));
    }

    @Test
    void acceptsAnyOfSeveralSignaturesAndAnyOfSeveralSecrets() {
        WebhookSecret old = WebhookSecret.parse(VECTOR_SECRET);
        WebhookSecret fresh = WebhookSecret.parse(WebhookSecret.generate());
        String sigOld = WebhookSignature.sign(old, VECTOR_ID, VECTOR_TS, VECTOR_BODY);
        Instant now = Instant.ofEpochSecond(VECTOR_TS);
        // A sender still on the old secret is accepted while the receiver lists both.
        assertThat(WebhookSignature.verify(headers(VECTOR_ID, "" + VECTOR_TS, sigOld), VECTOR_BODY, List.of(fresh, old), now, Duration.ofMinutes(5)))
                .isInstanceOf(WebhookSignature.Verdict.Valid.class);
        // Several space-separated signatures, one of them right.
        assertThat(WebhookSignature.verify(headers(VECTOR_ID, "" + VECTOR_TS, "v1,AAAA v2,xyz " + sigOld), VECTOR_BODY, List.of(old), now, Duration.ofMinutes(5)))
                .isInstanceOf(WebhookSignature.Verdict.Valid.class);
        // Once the old secret is dropped, it no longer verifies.
        assertThat(WebhookSignature.verify(headers(VECTOR_ID, "" + VECTOR_TS, sigOld), VECTOR_BODY, List.of(fresh), now, Duration.ofMinutes(5)))
                .isEqualTo(new WebhookSignature.Verdict.Invalid("no matching signature"));
    }

    @Test
    void timestampWindowIsFiveMinutesEitherWay() {
        WebhookSecret s = WebhookSecret.parse(VECTOR_SECRET);
        var h = headers(VECTOR_ID, "" + VECTOR_TS, VECTOR_SIG);
        Instant t = Instant.ofEpochSecond(VECTOR_TS);
        Duration tol = Duration.ofMinutes(5);
        assertThat(WebhookSignature.verify(h, VECTOR_BODY, List.of(s), t.plusSeconds(300), tol)).isInstanceOf(WebhookSignature.Verdict.Valid.class);
        assertThat(WebhookSignature.verify(h, VECTOR_BODY, List.of(s), t.minusSeconds(300), tol)).isInstanceOf(WebhookSignature.Verdict.Valid.class);
        assertThat(WebhookSignature.verify(h, VECTOR_BODY, List.of(s), t.plusSeconds(301), tol)).isEqualTo(new WebhookSignature.Verdict.Invalid("timestamp too old"));
        assertThat(WebhookSignature.verify(h, VECTOR_BODY, List.of(s), t.minusSeconds(301), tol)).isEqualTo(new WebhookSignature.Verdict.Invalid("timestamp too far in the future"));
    }

    @Test
    void headerNamesAreCaseInsensitiveButDuplicatesAreRefused() {
        WebhookSecret s = WebhookSecret.parse(VECTOR_SECRET);
        Instant t = Instant.ofEpochSecond(VECTOR_TS);
        var mixed = Map.of("Webhook-Id", VECTOR_ID, "WEBHOOK-TIMESTAMP", "" + VECTOR_TS, "webhook-Signature", VECTOR_SIG);
        assertThat(WebhookSignature.verify(mixed, VECTOR_BODY, List.of(s), t, Duration.ofMinutes(5))).isInstanceOf(WebhookSignature.Verdict.Valid.class);
        var dup = Map.of("webhook-id", VECTOR_ID, "Webhook-Id", "msg_other", "webhook-timestamp", "" + VECTOR_TS, "webhook-signature", VECTOR_SIG);
        assertThat(WebhookSignature.verify(dup, VECTOR_BODY, List.of(s), t, Duration.ofMinutes(5))).isEqualTo(new WebhookSignature.Verdict.Invalid("duplicate header webhook-id"));
    }

    @Test
    void secretsAreValidatedAndNeverPrinted() {
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not base64!")).hasMessageContaining("base64").hasMessageNotContaining("not base64");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_AAAA")).hasMessageContaining("24..64 bytes");
        assertThat(WebhookSecret.parse(VECTOR_SECRET).toString()).isEqualTo("whsec_***");
        assertThat(WebhookSecret.generate()).startsWith("whsec_");
    }
}
