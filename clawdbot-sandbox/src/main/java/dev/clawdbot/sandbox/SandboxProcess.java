package dev.clawdbot.sandbox;

import java.time.Duration;

/** A sandboxed command running in the background: poll its output, wait for it, or kill its whole tree. */
public final class SandboxProcess {
    private final Execution execution;

    SandboxProcess(Execution execution) {
        this.execution = execution;
    }

    public boolean isAlive() {
        return execution.isAlive();
    }

    /** Bytes of stdout kept so far (the offset to pass to {@link #stdoutFrom}). */
    public int stdoutLength() {
        return execution.stdout().length();
    }

    public String stdoutFrom(int offset) {
        return execution.stdout().text(offset);
    }

    public String stderrFrom(int offset) {
        return execution.stderr().text(offset);
    }

    /** Waits at most {@code max}; null if still running (its own wall-clock limit kills it eventually). */
    public ExecResult await(Duration max) throws InterruptedException {
        return execution.finishIfDone(max);
    }

    public ExecResult kill() throws InterruptedException {
        execution.kill();
        return execution.finish();
    }
}
