package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.HostConfig;
import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.fleet.ssh.SshConnector;
import dev.clawdbot.fleet.ssh.SshEndpoint;
import dev.clawdbot.fleet.ssh.SshException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Executes approved actions on one managed host over SSH (sshj, connected through the fleet's layer
 * {@link SshConnector}: pinned host key, key login, jump host; a fresh connection per action, so every action
 * checks the host key anew): commands as an exactly quoted argv, files
 * through SFTP (temp file, mode, then an atomic {@code mv}), containers through the host's docker CLI.
 * Each command or container action first creates {@code markerDir/<sha256(key)>} with {@code mkdir}, which is
 * atomic and fails when the directory exists, so the same idempotency key can never start twice on that host.
 */
final class SshActionExecutor implements ActionExecutor {

    /** Exit code when the key's marker already exists on the host: the action was started before and is not run again. */
    static final int ALREADY_RUN = 222;
    private static final int CHUNK = 32 * 1024;

    private final String name;
    private final Supplier<SshEndpoint> endpoint;
    private final String dockerProgram;
    private final String markerDir;
    private final String keyPath;
    private final Duration timeout;
    private final int maxOutput;
    private final EventSink events;
    private final Clock clock;

    SshActionExecutor(String name, HostConfig host, Duration timeout, int maxOutput, EventSink events, Clock clock) {
        this(name, () -> host.endpoint(name), host.dockerProgram(), host.markerDir(), "broker.hosts." + name + ".privateKey",
                timeout, maxOutput, events, clock);
    }

    /**
     * @param endpoint how to reach the host, asked at each action (pins recorded by {@code clawdbot hosts pin} apply at once)
     * @param keyPath  the config key of the host's private key, for messages
     */
    SshActionExecutor(String name, Supplier<SshEndpoint> endpoint, String dockerProgram, String markerDir, String keyPath,
                      Duration timeout, int maxOutput, EventSink events, Clock clock) {
        this.name = name;
        this.endpoint = endpoint;
        this.dockerProgram = dockerProgram;
        this.markerDir = markerDir;
        this.keyPath = keyPath;
        this.timeout = timeout;
        this.maxOutput = maxOutput;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Result execute(ProposedAction a, String idempotencyKey) throws IOException {
        SshEndpoint e;
        try {
            e = endpoint.get();
        } catch (IllegalArgumentException x) {
            return new Result(-1, "host " + name + ": " + x.getMessage() + "; nothing was executed");
        }
        SSHClient connected;
        try {
            connected = SshConnector.connect(e);
        } catch (SshException x) {
            if (x.hostKeyRefused()) {
                events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EXEC_HOSTKEY_REFUSED, "broker", "host", name, "address", e.address(),
                        "port", e.port(), "offered", x.offered()));
                return new Result(-1, x.getMessage() + "; nothing was executed");
            }
            return new Result(-1, switch (x.kind()) {
                case KEY -> "cannot read " + keyPath + ": " + x.getMessage();
                case PINS_UNREADABLE -> "host " + name + ": " + x.getMessage();
                default -> x.getMessage();
            } + "; nothing was executed");
        }
        try (SSHClient ssh = connected) {
            return switch (a) {
                case ProposedAction.Command c -> run(ssh, guarded(c.argv(), idempotencyKey));
                case ProposedAction.Container c -> run(ssh, guarded(List.of(dockerProgram, c.operation().wire(), c.container()), idempotencyKey));
                case ProposedAction.File f -> f.operation() == ProposedAction.File.Operation.DELETE ? delete(ssh, f.path()) : write(ssh, f, idempotencyKey);
                case ProposedAction.Mail m -> new Result(-1, "the SSH executor does not perform " + m.type() + " actions");
            };
        }
    }

    /**
     * The remote shell line: claim the key's marker directory (atomic {@code mkdir}), then run the argv with
     * {@code CLAWDBOT_IDEMPOTENCY_KEY} in its environment and record its exit status beside the marker.
     */
    String guarded(List<String> argv, String key) {
        String m = ShellQuote.quote(markerDir);
        String id = marker(key);
        return "m=" + m + "; mkdir -p -- \"$m\" || exit 223; "
                + "if ! mkdir -- \"$m/" + id + "\" 2>/dev/null; then echo 'clawdbot: idempotency key " + id
                + " was already used on this host; not run again' >&2; exit " + ALREADY_RUN + "; fi; "
                + "printf '%s\\n' " + ShellQuote.quote(key) + " > \"$m/" + id + "/key\"; "
                + "CLAWDBOT_IDEMPOTENCY_KEY=" + ShellQuote.quote(key) + " " + ShellQuote.join(argv) + "; "
                + "rc=$?; echo \"$rc\" > \"$m/" + id + "/exit\"; exit \"$rc\"";
    }

    private Result run(SSHClient ssh, String line) throws IOException {
        BoundedOutput out = new BoundedOutput(maxOutput);
        try (Session s = ssh.startSession()) {
            Session.Command cmd = s.exec(line);
            Thread o = Thread.ofVirtual().start(() -> out.drain(cmd.getInputStream()));
            Thread e = Thread.ofVirtual().start(() -> out.drain(cmd.getErrorStream()));
            try {
                cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ConnectionException ex) {
                // join's timeout: the channel is still open; the result below says so.
            }
            if (cmd.isOpen() && cmd.getExitStatus() == null) {
                try {
                    cmd.signal(Signal.KILL);
                } catch (IOException ex) {
                    // Best effort: servers that ignore the signal request leave the process to the closed session.
                }
                cmd.close();
                return new Result(124, out.text() + "\n[timed out after " + timeout.toSeconds() + "s on host " + name
                        + "; it was sent SIGKILL and the session closed, but a server that ignores signals may leave it running]");
            }
            join(o);
            join(e);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                return new Result(-1, out.text() + "\n[no exit status from host " + name
                        + (cmd.getExitSignal() == null ? "" : "; killed by signal " + cmd.getExitSignal()) + "]");
            }
            return new Result(status, out.text());
        }
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Result delete(SSHClient ssh, String path) throws IOException {
        try (SFTPClient sftp = ssh.newSFTPClient()) {
            sftp.rm(path);
            return new Result(0, "deleted " + path);
        } catch (SFTPException e) {
            if (e.getStatusCode() == Response.StatusCode.NO_SUCH_FILE) return new Result(0, "already absent: " + path);
            return new Result(1, "cannot delete " + path + ": " + e.getMessage());
        }
    }

    /** Temp file beside the target (same file system), written and chmod-ed over SFTP, then renamed over it. */
    private Result write(SSHClient ssh, ProposedAction.File a, String key) throws IOException {
        String path = a.path();
        int slash = path.lastIndexOf('/');
        String dir = slash == 0 ? "/" : path.substring(0, slash);
        String tmp = (dir.equals("/") ? "" : dir) + "/." + path.substring(slash + 1) + ".clawdbot-" + marker(key).substring(0, 12) + ".tmp";
        byte[] content = a.content().getBytes(StandardCharsets.UTF_8);
        try (SFTPClient sftp = ssh.newSFTPClient()) {
            int mode;
            try {
                sftp.mkdirs(dir);
                FileAttributes existing = sftp.statExistence(path);
                mode = a.mode() != null ? Integer.parseInt(a.mode(), 8)
                        : existing != null ? existing.getMode().getPermissionsMask() : 0644;
                try (RemoteFile f = sftp.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC),
                        new FileAttributes.Builder().withPermissions(0600).build())) {
                    for (int off = 0; off < content.length; off += CHUNK) f.write(off, content, off, Math.min(CHUNK, content.length - off));
                }
                sftp.chmod(tmp, mode);
            } catch (SFTPException e) {
                removeQuietly(sftp, tmp);
                return new Result(1, "cannot write " + path + " on host " + name + ": " + e.getMessage());
            }
            Result mv = run(ssh, "mv -f -- " + ShellQuote.quote(tmp) + " " + ShellQuote.quote(path));
            if (!mv.ok()) {
                removeQuietly(sftp, tmp);
                return new Result(mv.exitCode(), "cannot rename the temp file over " + path + " on host " + name + ": " + mv.output());
            }
            return new Result(0, "wrote " + content.length + " bytes to " + path + " mode " + Integer.toOctalString(mode) + " on host " + name);
        }
    }

    private static void removeQuietly(SFTPClient sftp, String path) {
        try {
            sftp.rm(path);
        } catch (IOException e) {
            // Best effort: a leftover dot-named temp file is harmless and visible.
        }
    }

    /** The marker name for a key: the first 32 hex digits of its SHA-256 (keys hold ':' and may be long). */
    static String marker(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
