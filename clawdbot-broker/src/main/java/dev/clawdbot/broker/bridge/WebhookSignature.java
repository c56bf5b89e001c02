package dev.clawdbot.broker.bridge;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import com.google.re2j.Pattern;

/**
 * Standard Webhooks signing and verification: HMAC-SHA256 over {@code id.timestamp.body}, sent as
 * {@code webhook-signature: v1,<base64>} (several space-separated signatures allowed), with the timestamp
 * checked against a tolerance in both directions. Replay detection is the caller's (see {@link ReplayCache}).
 */
public final class WebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** Ids may not contain '.', the separator of the signed content, nor anything outside printable ASCII. */
    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_:\\-]{1,128}");
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final Pattern TS_PATTERN = Pattern.compile("[0-9]{1,12}");
    private static final int MAX_SIGNATURES = 8;

    private WebhookSignature() {
    }

    /** The {@code v1,<base64>} signature for one message. */
    public static String sign(WebhookSecret secret, String id, long timestampSeconds, byte[] body) {
        if (!ID_PATTERN.matcher(id).matches()) throw new IllegalArgumentException("invalid webhook id: must match " + ID_PATTERN);
        if (timestampSeconds < 0) throw new IllegalArgumentException("timestamp must not be negative");
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id, Long.toString(timestampSeconds), body));
    }

    /** Outcome of {@link #verify}; {@code reason} is safe to log (no secret, no body). */
    public sealed interface Verdict {
        record Valid(String id, Instant timestamp) implements Verdict {
        }

        record Invalid(String reason) implements Verdict {
        }
    }

    /**
     * Checks the three headers against the body with every configured secret (rotation): header names are
     * matched case-insensitively, a header carrying a line break or duplicated under another case is refused.
     */
    public static Verdict verify(Map<String, String> headers, byte[] body, List<WebhookSecret> secrets,
                                 Instant now, Duration tolerance) {
        if (secrets.isEmpty()) return new Verdict.Invalid("no bridge secret configured");
        Map<String, String> h = new TreeMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) continue;
            String name = e.getKey().strip().toLowerCase(Locale.ROOT);
            if (!name.startsWith("webhook-")) continue;
            if (h.put(name, e.getValue()) != null) return new Verdict.Invalid("duplicate header " + name);
        }
        String id = h.get(ID);
        String ts = h.get(TIMESTAMP);
        String sigs = h.get(SIGNATURE);
        if (id == null || ts == null || sigs == null) return new Verdict.Invalid("missing webhook-id, webhook-timestamp or webhook-signature");
        if (!ID_PATTERN.matcher(id).matches()) return new Verdict.Invalid("malformed webhook-id");
        if (!TS_PATTERN.matcher(ts).matches()) return new Verdict.Invalid("malformed webhook-timestamp");
        if (sigs.length() > 1024 || sigs.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) return new Verdict.Invalid("malformed webhook-signature");
        Instant stamp = Instant.ofEpochSecond(Long.parseLong(ts));
        Duration skew = Duration.between(stamp, now).abs();
        if (skew.compareTo(tolerance) > 0) {
            return new Verdict.Invalid(stamp.isBefore(now) ? "timestamp too old" : "timestamp too far in the future");
        }
        String[] parts = SPACES.split(sigs.strip());
        if (parts.length > MAX_SIGNATURES) return new Verdict.Invalid("too many signatures");
        boolean match = false;
        for (WebhookSecret secret : secrets) {
            byte[] expected = hmac(secret, id, ts, body);
            for (String part : parts) {
                if (!part.startsWith("v1,")) continue;
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(part.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                // Every candidate is compared, no early exit, so timing does not reveal which one matched.
                match |= MessageDigest.isEqual(expected, given);
            }
        }
        return match ? new Verdict.Valid(id, stamp) : new Verdict.Invalid("no matching signature");
    }

    private static byte[] hmac(WebhookSecret secret, String id, String ts, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update(id.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            mac.update(ts.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
