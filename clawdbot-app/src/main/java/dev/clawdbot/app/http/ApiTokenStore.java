package dev.clawdbot.app.http;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per-user API tokens in the database ({@code api_tokens}): each bound to one {@link Principal} and its scopes.
 * A token is shown once, when created; only its SHA-256 is stored. Lookups read the database every time, so a
 * revocation takes effect on the next request, in every process sharing the database.
 */
public final class ApiTokenStore {
    /** Marks the gateway's own per-user tokens, so a leaked one is recognisable in logs and secret scanners. */
    static final String PREFIX = "cbt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcRunner jdbc;
    private final Clock clock;

    public ApiTokenStore(Database db, Clock clock) {
        this.jdbc = new JdbcRunner(Objects.requireNonNull(db, "db"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One stored token, without its secret. */
    public record Entry(String id, String principal, Set<Scope> scopes, Instant createdAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A new token: {@code secret} is the only copy there will ever be. */
    public record Created(Entry entry, String secret) {
        @Override
        public String toString() {
            return "Created[" + entry + ", secret=***]";
        }
    }

    public Created create(String principal, Set<Scope> scopes) {
        Principal.validName(principal);
        if (principal.equals(Principal.OPERATOR.name())) {
            throw new IllegalArgumentException("'operator' is the gateway token's principal; choose another name");
        }
        if (scopes.isEmpty()) throw new IllegalArgumentException("a token needs at least one scope (chat, metrics, guard)");
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] idBytes = new byte[5];
        RANDOM.nextBytes(idBytes);
        String id = "tok-" + HexFormat.of().formatHex(idBytes);
        Instant now = clock.instant();
        Set<Scope> sorted = EnumSet.copyOf(scopes);
        jdbc.write("INSERT INTO api_tokens (token_id, principal, scopes, token_hash, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                id, principal, wire(sorted), hash(secret), now.toEpochMilli());
        return new Created(new Entry(id, principal, sorted, now, null), secret);
    }

    /** The principal an active token is bound to; empty for an unknown or revoked token. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 128) return Optional.empty();
        return jdbc.queryOne("SELECT principal, scopes FROM api_tokens WHERE token_hash = ? AND revoked_at_ms IS NULL",
                rs -> new Principal(rs.getString(1), scopes(rs.getString(2)), false), hash(presented));
    }

    /** Every token, newest first, revoked ones included. */
    public List<Entry> list() {
        return jdbc.query("SELECT token_id, principal, scopes, created_at_ms, revoked_at_ms FROM api_tokens ORDER BY id DESC", rs -> {
            long revoked = rs.getLong(5);
            Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
            return new Entry(rs.getString(1), rs.getString(2), scopes(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4)), revokedAt);
        });
    }

    /**
     * Revokes the token with this id, or every active token of this principal.
     *
     * @return how many tokens were revoked (0 when none matched or all were revoked already)
     */
    public int revoke(String idOrPrincipal) {
        long now = clock.instant().toEpochMilli();
        return jdbc.write("UPDATE api_tokens SET revoked_at_ms = ? WHERE revoked_at_ms IS NULL AND (token_id = ? OR principal = ?)",
                now, idOrPrincipal, idOrPrincipal);
    }

    private static String hash(String secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(BearerAuth.sha256(secret));
    }

    static String wire(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wire).collect(Collectors.joining(","));
    }

    private static Set<Scope> scopes(String wire) {
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        Arrays.stream(wire.split(",")).filter(s -> !s.isEmpty()).map(Scope::parse).forEach(out::add);
        return out;
    }
}
