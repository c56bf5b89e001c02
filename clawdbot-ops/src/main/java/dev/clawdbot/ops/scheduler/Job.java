package dev.clawdbot.ops.scheduler;

import java.time.Instant;
import java.util.List;

/** The work a scheduled job does; returns its findings (empty when all is well). Interruptible on timeout. */
@FunctionalInterface
public interface Job {
    List<String> run(Instant scheduledFor) throws Exception;
}
