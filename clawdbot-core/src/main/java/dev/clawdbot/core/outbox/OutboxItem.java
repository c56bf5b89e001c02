package dev.clawdbot.core.outbox;

import java.time.Instant;

/**
 * One unit of work as it was claimed: {@code claimNo} fences it, so only the latest claimer can finish it.
 *
 * @param attempts    attempts finished before this one (failures and leases that ran out)
 * @param lastError   why the previous attempt failed, or null
 */
public record OutboxItem(long id, String queue, String payload, int attempts, long claimNo, String lastError,
                         Instant createdAt) {
}
