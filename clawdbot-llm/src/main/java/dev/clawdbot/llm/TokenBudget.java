package dev.clawdbot.llm;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Token limits per session, per agent per day and per day over all agents, checked before each model
 * call and recorded after it. A day is a calendar day in the configured zone (UTC by default).
 */
public final class TokenBudget {

    private final ModelsConfig.Budgets limits;
    private final TokenLedger ledger;
    private final Clock clock;
    private final EventSink events;

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

    /** Throws {@code BUDGET_EXCEEDED} naming the limit, the usage, and when it resets, if any limit is used up. */
    public void check(String agentId, String sessionKey) throws ModelException {
        Instant now = clock.instant();
        ZoneId zone = limits.zoneId();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant dayStart = today.atStartOfDay(zone).toInstant();
        Instant dayEnd = today.plusDays(1).atStartOfDay(zone).toInstant();
        String resets = "resets at " + dayEnd.atZone(zone).toOffsetDateTime() + ", in " + human(Duration.between(now, dayEnd));
        if (limits.perSession() > 0 && sessionKey != null) {
            long used = ledger.sessionTotal(sessionKey);
            if (used >= limits.perSession()) {
                throw exceeded("perSession", agentId, used, limits.perSession(),
                        "this session has used " + used + " of its " + limits.perSession()
                                + " tokens (models.budgets.perSession); start a new session with /new to continue");
            }
        }
        if (limits.perAgentPerDay() > 0 && agentId != null) {
            long used = ledger.agentTotal(agentId, dayStart, dayEnd);
            if (used >= limits.perAgentPerDay()) {
                throw exceeded("perAgentPerDay", agentId, used, limits.perAgentPerDay(),
                        "agent '" + agentId + "' has used " + used + " of its " + limits.perAgentPerDay()
                                + " tokens for " + today + " (models.budgets.perAgentPerDay); the limit " + resets);
            }
        }
        if (limits.perDay() > 0) {
            long used = ledger.total(dayStart, dayEnd);
            if (used >= limits.perDay()) {
                throw exceeded("perDay", agentId, used, limits.perDay(),
                        "all agents together have used " + used + " of the " + limits.perDay()
                                + " tokens allowed for " + today + " (models.budgets.perDay); the limit " + resets);
            }
        }
    }

    public void record(String agentId, String sessionKey, String model, Usage usage) {
        ledger.record(clock.instant(), agentId == null ? "" : agentId, sessionKey == null ? "" : sessionKey, model, usage);
    }

    private ModelException exceeded(String limit, String agentId, long used, long max, String message) {
        events.emit(Event.of(clock.instant(), "budget.exceeded", 6, agentId == null ? "llm" : "agent:" + agentId,
                "limit", limit, "used", used, "max", max));
        return new ModelException(ModelException.Kind.BUDGET_EXCEEDED, "Token budget exceeded: " + message + ".");
    }

    private static String human(Duration d) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }
}
