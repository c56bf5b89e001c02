package dev.clawdbot.fleet.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The signature of https://www.standardwebhooks.com: {@code webhook-signature: v1,<base64 HMAC-SHA256>} over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64 bytes after {@code whsec_}.
 */
public final class StandardWebhooks {
    static final String PREFIX = "whsec_";

    private StandardWebhooks() {
    }

    /** The key bytes of a {@code whsec_...} secret; errors name {@code key}. */
    public static byte[] key(String key, String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) throw new IllegalArgumentException(key + ": must start with whsec_");
        byte[] k;
        try {
            k = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": the part after whsec_ is not base64");
        }
        // The spec's secrets are 24 to 64 random bytes; fewer than 16 is no secret.
        if (k.length < 16) throw new IllegalArgumentException(key + ": need at least 16 bytes after whsec_, was " + k.length);
        return k;
    }

    /** {@code v1,<signature>} for this message. */
    public static String sign(byte[] key, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
