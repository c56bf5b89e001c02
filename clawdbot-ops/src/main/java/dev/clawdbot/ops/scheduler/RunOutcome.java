package dev.clawdbot.ops.scheduler;

/** How a run ended; RUNNING until it does. */
public enum RunOutcome {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT,
    /** Not started: the previous run of the job was still going. */
    SKIPPED_OVERLAP,
    /** Not started: the elapse passed while Clawdbot was down and the job is not persistent. */
    SKIPPED_MISSED,
    /** Its node stopped heart-beating mid-run; the scheduler ran it again elsewhere. */
    ABANDONED
}
