package dev.clawdbot.broker.bridge;

import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by base64 of 24 to 64 random bytes. The key
 * bytes never appear in {@link #toString()}, so a secret cannot leak through a log line or an exception.
 */
public final class WebhookSecret {

    static final String PREFIX = "whsec_";
    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** Parses {@code whsec_<base64>}; a bare base64 string is accepted as well, as the reference libraries do. */
    public static WebhookSecret parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("bridge secret is empty");
        String b64 = text.strip().startsWith(PREFIX) ? text.strip().substring(PREFIX.length()) : text.strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bridge secret is not whsec_ followed by base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("bridge secret must decode to 24..64 bytes, was " + key.length);
        }
        return new WebhookSecret(key);
    }

    /** A fresh random secret in {@code whsec_} form, for {@code bridge keygen} and tests. */
    public static String generate() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return PREFIX + Base64.getEncoder().encodeToString(b);
    }

    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret w && java.security.MessageDigest.isEqual(key, w.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "whsec_***";
    }
}
