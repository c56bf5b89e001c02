package dev.clawdbot.ops.scheduler;

import java.time.Instant;
import java.util.List;

/** One recorded run, as {@code clawdbot ops runs} lists it. {@code ended} is null while it runs. */
public record RunRecord(long id, String job, Instant scheduledFor, Instant started, Instant ended, RunOutcome outcome,
                        String trigger, String node, List<String> findings) {

    public RunRecord {
        findings = List.copyOf(findings);
    }
}
