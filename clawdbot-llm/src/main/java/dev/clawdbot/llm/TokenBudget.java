package dev.clawdbot.llm;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Token limits per session, per agent per day and per day over all agents, checked before each model
 * call and recorded after it. A day is a calendar day in the configured zone (UTC by default).
 *
 * <p>Check-then-record alone lets concurrent calls each pass the check before any of them records, so every
 * one of them can overshoot a limit. {@link #reserve} closes that gap: it checks and holds an estimate in one
 * step, under one lock, and the held tokens count against the limits until the call settles its real usage
 * ({@link Reservation#settle}) or gives the rest back ({@link Reservation#close}).
 */
final class TokenBudget {

    private final ModelsConfig.Budgets limits;
    private final TokenLedger ledger;
    private final Clock clock;
    private final EventSink events;
    /** Tokens held by open reservations, per scope; guarded by {@code this}. */
    private final Map<String, Long> heldBySession = new HashMap<>();
    private final Map<String, Long> heldByAgent = new HashMap<>();
    private long heldTotal;

    public TokenBudget(ModelsConfig.Budgets limits, TokenLedger ledger, Clock clock, EventSink events) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = events == null ? EventSink.NONE : events;
    }

    /** A budget with no limits that still records usage. */
    public static TokenBudget unlimited(TokenLedger ledger, Clock clock) {
        return new TokenBudget(new ModelsConfig.Budgets(null, null, null, null), ledger, clock, null);
    }

    /**
     * Throws {@code BUDGET_EXCEEDED} naming the limit, the usage, and when it resets, if any limit is used up,
     * counting the tokens held by open reservations as used.
     */
    synchronized void check(String agentId, String sessionKey) throws ModelException {
        Instant now = clock.instant();
        ZoneId zone = limits.zoneId();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant dayStart = today.atStartOfDay(zone).toInstant();
        Instant dayEnd = today.plusDays(1).atStartOfDay(zone).toInstant();
        String resets = "resets at " + dayEnd.atZone(zone).toOffsetDateTime() + ", in " + human(Duration.between(now, dayEnd));
        if (limits.perSession() > 0 && sessionKey != null) {
            long used = ledger.sessionTotal(sessionKey) + heldBySession.getOrDefault(sessionKey, 0L);
            if (used >= limits.perSession()) {
                throw exceeded("perSession", agentId, used, limits.perSession(),
                        "this session has used " + used + " of its " + limits.perSession()
                                + " tokens (models.budgets.perSession); start a new session with /new to continue");
            }
        }
        if (limits.perAgentPerDay() > 0 && agentId != null) {
            long used = ledger.agentTotal(agentId, dayStart, dayEnd) + heldByAgent.getOrDefault(agentId, 0L);
            if (used >= limits.perAgentPerDay()) {
                throw exceeded("perAgentPerDay", agentId, used, limits.perAgentPerDay(),
                        "agent '" + agentId + "' has used " + used + " of its " + limits.perAgentPerDay()
                                + " tokens for " + today + " (models.budgets.perAgentPerDay); the limit " + resets);
            }
        }
        if (limits.perDay() > 0) {
            long used = ledger.total(dayStart, dayEnd) + heldTotal;
            if (used >= limits.perDay()) {
                throw exceeded("perDay", agentId, used, limits.perDay(),
                        "all agents together have used " + used + " of the " + limits.perDay()
                                + " tokens allowed for " + today + " (models.budgets.perDay); the limit " + resets);
            }
        }
    }

    void record(String agentId, String sessionKey, String model, Usage usage) {
        ledger.record(clock.instant(), agentId == null ? "" : agentId, sessionKey == null ? "" : sessionKey, model, usage);
    }

    /**
     * Checks the limits as {@link #check} does and, in the same step, holds {@code estimate} tokens against them
     * (for example the request's prompt estimate plus its {@code maxTokens}), so that concurrent calls cannot
     * all pass on the same remaining budget. Close the reservation when the call is over.
     */
    public synchronized Reservation reserve(String agentId, String sessionKey, long estimate) throws ModelException {
        if (estimate < 0) throw new IllegalArgumentException("estimate must not be negative, was " + estimate);
        check(agentId, sessionKey);
        Reservation r = new Reservation(agentId, sessionKey);
        hold(r, estimate);
        return r;
    }

    private void hold(Reservation r, long tokens) {
        if (tokens == 0) return;
        r.held += tokens;
        if (r.sessionKey != null) heldBySession.merge(r.sessionKey, tokens, TokenBudget::sumOrRemove);
        if (r.agentId != null) heldByAgent.merge(r.agentId, tokens, TokenBudget::sumOrRemove);
        heldTotal += tokens;
    }

    private static Long sumOrRemove(Long a, Long b) {
        long sum = a + b;
        return sum == 0 ? null : sum;
    }

    /** Tokens held by open reservations now, over all scopes. */
    synchronized long held() {
        return heldTotal;
    }

    /** Tokens held for one model call; see {@link #reserve}. Not thread-safe: one call uses it. */
    public final class Reservation implements AutoCloseable {
        private final String agentId;
        private final String sessionKey;
        private long held;

        private Reservation(String agentId, String sessionKey) {
            this.agentId = agentId;
            this.sessionKey = sessionKey;
        }

        /**
         * Records one attempt's real usage; that much of the held estimate is released in the same step, so the
         * tokens are counted once, never zero times.
         */
        public void settle(String model, Usage usage) {
            synchronized (TokenBudget.this) {
                record(agentId, sessionKey, model, usage);
                hold(this, -Math.min(held, usage.total()));
            }
        }

        /** Gives back what is still held (the call failed, or used less than estimated). Idempotent. */
        @Override
        public void close() {
            synchronized (TokenBudget.this) {
                hold(this, -held);
            }
        }
    }

    private ModelException exceeded(String limit, String agentId, long used, long max, String message) {
        events.emit(Event.of(clock.instant(), LlmEvents.BUDGET_EXCEEDED, agentId == null ? "llm" : "agent:" + agentId,
                "limit", limit, "used", used, "max", max));
        return new ModelException(ModelException.Kind.BUDGET_EXCEEDED, "Token budget exceeded: " + message + ".");
    }

    private static String human(Duration d) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }
}
