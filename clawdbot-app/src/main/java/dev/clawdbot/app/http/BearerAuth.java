package dev.clawdbot.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks a presented token against the configured one in constant time: both sides are hashed first, so
 * neither the content nor the length of the secret leaks through timing.
 */
final class BearerAuth {
    private final byte[] expected;

    BearerAuth(String token) {
        this.expected = sha256(token);
    }

    boolean matches(String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(sha256(presented), expected);
    }

    /** True when the {@code Authorization} header value carries the token as a Bearer credential. */
    boolean matchesHeader(String authorization) {
        if (authorization == null || authorization.length() < 7) return false;
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return matches(authorization.substring(7).strip());
    }

    /** SHA-256 of the string's UTF-8 bytes. */
    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
