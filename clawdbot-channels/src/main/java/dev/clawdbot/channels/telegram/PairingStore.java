package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Senders approved at run time, and pairing codes for strangers: a code lives one hour, a stranger asking
 * again gets the same code, and at most {@link #MAX_PENDING} codes are pending per bot so that strangers
 * cannot flood the operator.
 */
public final class PairingStore {
    public static final int MAX_PENDING = 3;
    public static final Duration CODE_LIFETIME = Duration.ofHours(1);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** A pending (or just approved) pairing request. */
    public record Pending(String code, String bot, long userId, long chatId, String displayName, Instant expiresAt) {
    }

    /** The outcome of approving a code. */
    public sealed interface Approval {
        record Approved(Pending request) implements Approval {
        }

        record Unknown(String code) implements Approval {
        }

        record Expired(String code) implements Approval {
        }
    }

    private final JdbcRunner jdbc;
    private final Clock clock;
    private final EventSink events;
    private final SecureRandom random = new SecureRandom();

    public PairingStore(Database db, Clock clock) {
        this(db, clock, EventSink.NONE);
    }

    /** {@code events} records approvals and revocations ({@code telegram.pairing.approved|revoked}). */
    public PairingStore(Database db, Clock clock, EventSink events) {
        this.jdbc = new JdbcRunner(db);
        this.clock = clock;
        this.events = events;
    }

    /** Removes a user approved by pairing from every bot's allowlist (at once: allowlists are read per message); returns how many bots. */
    public int revoke(long userId, String actor) {
        int removed = jdbc.write("DELETE FROM telegram_allowed WHERE user_id = ?", userId);
        if (removed > 0) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_PAIRING_REVOKED, actor, "userId", userId, "bots", removed));
        }
        return removed;
    }

    /** Users approved by pairing, per bot: {@code bot -> user ids}. */
    public List<String> approvedList() {
        return jdbc.query("SELECT bot, user_id, approved_at FROM telegram_allowed ORDER BY bot, user_id",
                rs -> "user " + rs.getLong(2) + "  bot " + rs.getString(1) + "  approved " + rs.getString(3));
    }

    public Set<Long> approvedUsers(String bot) {
        return new HashSet<>(jdbc.query("SELECT user_id FROM telegram_allowed WHERE bot = ?", rs -> rs.getLong(1), bot));
    }

    /** The stranger's code (existing or new), or empty when too many are pending. */
    public Optional<String> request(String bot, long userId, long chatId, String displayName) {
        long now = clock.millis();
        return jdbc.inTransaction(tx -> {
            Optional<String> existing = tx.queryOne("SELECT code FROM telegram_pairing WHERE bot = ? AND user_id = ? AND approved_at IS NULL"
                    + " AND expires_at > ?", rs -> rs.getString(1), bot, userId, now);
            if (existing.isPresent()) return existing;
            if (tx.count("SELECT COUNT(*) FROM telegram_pairing WHERE bot = ? AND approved_at IS NULL AND expires_at > ?", bot, now) >= MAX_PENDING) {
                return Optional.empty();
            }
            String code = newCode();
            tx.execute("INSERT INTO telegram_pairing (code, bot, user_id, chat_id, display_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    code, bot, userId, chatId, displayName == null ? "" : displayName, clock.instant().toString(), now + CODE_LIFETIME.toMillis());
            return Optional.of(code);
        });
    }

    public List<Pending> pending() {
        return jdbc.query("SELECT code, bot, user_id, chat_id, display_name, expires_at FROM telegram_pairing "
                + "WHERE approved_at IS NULL AND expires_at > ? ORDER BY expires_at", PairingStore::row, clock.millis());
    }

    /** Approves a code: its sender joins the bot's allowlist. Codes are matched case-insensitively. */
    public Approval approve(String rawCode) {
        return approve(rawCode, "operator");
    }

    /** Like {@link #approve(String)}, recording {@code actor} in the {@code telegram.pairing.approved} event. */
    public Approval approve(String rawCode, String actor) {
        Approval a = approveCode(rawCode);
        if (a instanceof Approval.Approved ok) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_PAIRING_APPROVED, actor, "userId", ok.request().userId(), "bot", ok.request().bot()));
        }
        return a;
    }

    private Approval approveCode(String rawCode) {
        String code = rawCode == null ? "" : rawCode.trim().toUpperCase(java.util.Locale.ROOT);
        long now = clock.millis();
        return jdbc.inTransaction(tx -> {
            Pending p = tx.queryOne("SELECT code, bot, user_id, chat_id, display_name, expires_at FROM telegram_pairing WHERE code = ? AND approved_at IS NULL",
                    PairingStore::row, code).orElse(null);
            if (p == null) return new Approval.Unknown(code);
            if (p.expiresAt().toEpochMilli() <= now) return new Approval.Expired(code);
            tx.execute("UPDATE telegram_pairing SET approved_at = ? WHERE code = ?", clock.instant().toString(), code);
            tx.execute("INSERT INTO telegram_allowed (bot, user_id, approved_at, via_code) VALUES (?, ?, ?, ?) ON CONFLICT (bot, user_id) DO NOTHING",
                    p.bot(), p.userId(), clock.instant().toString(), code);
            return new Approval.Approved(p);
        });
    }

    private static Pending row(ResultSet rs) throws java.sql.SQLException {
        return new Pending(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)));
    }

    private String newCode() {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
