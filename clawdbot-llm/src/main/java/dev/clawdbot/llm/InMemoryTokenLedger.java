package dev.clawdbot.llm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A ledger in memory; usage is lost on restart, so production uses the database ledger. */
final class InMemoryTokenLedger implements TokenLedger {

    private record Row(Instant at, String agentId, String sessionKey, long tokens) {
    }

    private final List<Row> rows = new ArrayList<>();

    @Override
    public synchronized void record(Instant at, String agentId, String sessionKey, String model, Usage usage) {
        rows.add(new Row(at, agentId, sessionKey, usage.total()));
    }

    @Override
    public long sessionTotal(String sessionKey) {
        return sum(r -> r.sessionKey().equals(sessionKey));
    }

    @Override
    public long agentTotal(String agentId, Instant from, Instant to) {
        return sum(r -> r.agentId().equals(agentId) && !r.at().isBefore(from) && r.at().isBefore(to));
    }

    @Override
    public long total(Instant from, Instant to) {
        return sum(r -> !r.at().isBefore(from) && r.at().isBefore(to));
    }

    private synchronized long sum(Predicate<Row> p) {
        return rows.stream().filter(p).mapToLong(Row::tokens).sum();
    }
}
