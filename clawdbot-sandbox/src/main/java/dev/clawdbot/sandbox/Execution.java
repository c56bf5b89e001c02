package dev.clawdbot.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One started sandbox tree: its process, capped output, and the means to kill all of it. */
final class Execution {
    private final Process process;
    private final CappedBuffer out;
    private final CappedBuffer err;
    private final Thread outReader;
    private final Thread errReader;
    private final Limits.Group group;
    private final Runnable extraKill;
    private final Runnable onFinish;
    private final Clock clock;
    private final Instant started;
    private final String backend;
    private volatile boolean killed;
    private volatile boolean timedOut;
    private volatile ExecResult result;

    Execution(List<String> argv, java.util.Map<String, String> env, java.nio.file.Path dir, byte[] stdin, int cap,
              Limits.Group group, Runnable extraKill, Runnable onFinish, Clock clock, String backend) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (dir != null) pb.directory(dir.toFile());
        this.clock = clock;
        this.started = clock.instant();
        this.group = group;
        this.extraKill = extraKill;
        this.onFinish = onFinish;
        this.backend = backend;
        this.process = pb.start();
        this.out = new CappedBuffer(cap);
        this.err = new CappedBuffer(cap);
        this.outReader = Thread.ofVirtual().start(() -> out.drain(process.getInputStream()));
        this.errReader = Thread.ofVirtual().start(() -> err.drain(process.getErrorStream()));
        Thread.ofVirtual().start(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // the command did not read its input
            }
        });
    }

    long pid() {
        return process.pid();
    }

    private volatile String killNote;

    boolean isAlive() {
        return result == null && process.isAlive();
    }

    CappedBuffer stdout() {
        return out;
    }

    CappedBuffer stderr() {
        return err;
    }

    /** Waits up to {@code timeout}; past it, kills the tree and marks the result timed out. */
    ExecResult await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            timedOut = true;
            kill();
        }
        return finish();
    }

    /** Kills the tree and says why in its stderr, so that the model learns the reason. */
    void kill(String why) {
        killNote = why;
        kill();
    }

    /** Kills the whole tree: the outer process (the PID namespace dies with its init), then what is left in the cgroup. */
    void kill() {
        killed = true;
        // extraKill first: it may need the live parent (descendants of an unsandboxed tree, a named container)
        if (extraKill != null) extraKill.run();
        // Children first, while they are still ours to find; a sandbox's PID namespace makes this redundant,
        // an unsandboxed or elevated tree has nothing else.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (group != null) group.killAll();
    }

    /** The result if the tree ends within {@code wait}, else null (and it keeps running). */
    ExecResult finishIfDone(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toNanos(), TimeUnit.NANOSECONDS) ? finish() : null;
    }

    synchronized ExecResult finish() throws InterruptedException {
        if (result != null) return result;
        process.waitFor();
        if (group != null) group.killAll();
        // A reader can only outlive the tree if something outside it holds the pipe; don't wait forever for it.
        outReader.join(Duration.ofSeconds(2));
        errReader.join(Duration.ofSeconds(2));
        boolean oom = group != null && group.oomKilled();
        if (group != null) group.close();
        String errText = err.text(0);
        if (oom) errText = errText + "\n[killed: memory limit]";
        if (killNote != null) errText = errText + "\n[killed: " + killNote + "]";
        result = new ExecResult(process.exitValue(), out.text(0), errText, out.truncated(), err.truncated(),
                timedOut, killed, Duration.between(started, clock.instant()), backend);
        if (onFinish != null) onFinish.run();
        return result;
    }
}
