package dev.clawdbot.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Turns a presented bearer token into the {@link Principal} it authenticates: the gateway token (checked in
 * constant time: both sides are hashed first, so neither the content nor the length of the secret leaks through
 * timing) is the operator; anything else is looked up among the per-user tokens, when a store is configured.
 */
final class BearerAuth {
    private final byte[] expected;
    private final ApiTokenStore tokens;

    BearerAuth(String token, ApiTokenStore tokens) {
        this.expected = sha256(token);
        this.tokens = tokens;
    }

    BearerAuth(String token) {
        this(token, null);
    }

    /** The principal the token authenticates; empty for a missing, unknown or revoked token. */
    Optional<Principal> authenticate(String presented) {
        if (presented == null) return Optional.empty();
        if (MessageDigest.isEqual(sha256(presented), expected)) return Optional.of(Principal.OPERATOR);
        return tokens == null ? Optional.empty() : tokens.authenticate(presented);
    }

    /** The principal an {@code Authorization: Bearer ...} header value authenticates. */
    Optional<Principal> fromHeader(String authorization) {
        if (authorization == null || authorization.length() < 7) return Optional.empty();
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        return authenticate(authorization.substring(7).strip());
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
