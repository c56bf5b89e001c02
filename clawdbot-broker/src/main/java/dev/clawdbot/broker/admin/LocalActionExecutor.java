package dev.clawdbot.broker.admin;

import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;

import dev.clawdbot.core.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Executes approved actions on this host: commands as argv without a shell, files written atomically
 * (temp file + rename, optional mode), containers through the {@code docker} CLI. Actions for another
 * host go to {@code remote}, or fail when none is configured. Mail is not a host action: the broker's dispatcher
 * sends it, and this executor refuses it.
 */
public final class LocalActionExecutor implements ActionExecutor {

    private final Duration timeout;
    private final ActionExecutor remote;
    private final String docker;
    private final int maxOutput;

    public LocalActionExecutor(Duration timeout, ActionExecutor remote, String dockerProgram) {
        this(timeout, remote, dockerProgram, ProcessRunner.MAX_OUTPUT);
    }

    /** {@code maxOutput}: bytes of combined output kept per command. */
    public LocalActionExecutor(Duration timeout, ActionExecutor remote, String dockerProgram, int maxOutput) {
        this.timeout = timeout;
        this.remote = remote;
        this.docker = dockerProgram == null ? "docker" : dockerProgram;
        this.maxOutput = maxOutput;
    }

    @Override
    public Result execute(ProposedAction a, String idempotencyKey) throws Exception {
        if (!a.host().equals("local")) {
            if (remote == null) return new Result(-1, "no executor configured for host " + a.host());
            return remote.execute(a, idempotencyKey);
        }
        return switch (a) {
            case ProposedAction.Command c -> run(c.argv());
            case ProposedAction.Container c -> run(List.of(docker, c.operation().wire(), c.container()));
            case ProposedAction.File f -> file(f);
            case ProposedAction.Mail m -> new Result(-1, "the local host executor does not perform " + m.type() + " actions");
        };
    }

    private Result run(List<String> argv) throws IOException, InterruptedException {
        try {
            ProcessRunner.Outcome o = ProcessRunner.run(argv, null, timeout, maxOutput);
            return new Result(o.exitCode(), o.output());
        } catch (IOException e) {
            return new Result(127, "cannot start " + argv.getFirst() + ": " + e.getMessage());
        }
    }

    private static Result file(ProposedAction.File a) throws IOException {
        Path target = Path.of(a.path());
        if (a.operation() == ProposedAction.File.Operation.DELETE) {
            return Files.deleteIfExists(target) ? new Result(0, "deleted " + target) : new Result(0, "already absent: " + target);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, a.content(), StandardCharsets.UTF_8);
            if (a.mode() != null) Files.setPosixFilePermissions(tmp, permissions(a.mode()));
            AtomicFiles.replace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Result(0, "wrote " + a.content().length() + " chars to " + target);
    }

    private static Set<PosixFilePermission> permissions(String mode) {
        int m = Integer.parseInt(mode, 8);
        PosixFilePermission[] all = PosixFilePermission.values();
        java.util.EnumSet<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
        // PosixFilePermission is declared OWNER_READ .. OTHERS_EXECUTE, i.e. bit 8 down to bit 0.
        for (int i = 0; i < 9; i++) if ((m & (1 << (8 - i))) != 0) s.add(all[i]);
        return s;
    }
}
