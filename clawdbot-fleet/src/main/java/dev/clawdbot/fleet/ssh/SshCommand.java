package dev.clawdbot.fleet.ssh;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one argv on a connected client: exactly quoted, bounded output per stream. At the timeout the process is
 * sent SIGKILL and the connection is closed, so the caller is never held past {@code timeout} plus a few seconds.
 */
public final class SshCommand {
    private SshCommand() {
    }

    public static RemoteResult run(SSHClient ssh, List<String> argv, Duration timeout, int maxBytes) throws IOException {
        long start = System.nanoTime();
        Capture out = new Capture(maxBytes);
        Capture err = new Capture(maxBytes);
        try (Session s = session(ssh)) {
            Session.Command cmd;
            try {
                cmd = s.exec(ShellQuote.join(argv));
            } catch (IOException e) {
                throw new NotStarted("the command could not be started: " + e.getMessage(), e);
            }
            Thread o = Thread.ofVirtual().name("ssh-out").start(() -> out.drain(cmd.getInputStream()));
            Thread e = Thread.ofVirtual().name("ssh-err").start(() -> err.drain(cmd.getErrorStream()));
            try {
                cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ConnectionException x) {
                // join's timeout: the channel is still open, handled below.
            }
            boolean timedOut = cmd.isOpen() && cmd.getExitStatus() == null;
            if (timedOut) {
                try {
                    cmd.signal(Signal.KILL);
                } catch (IOException x) {
                    // Best effort: OpenSSH ignores signal requests for sessions without a terminal.
                }
                // Closing only the channel waits for sshd, which waits for the process; dropping the connection does not
                // (the pool opens a new one). Callers that must not leave the process running wrap it in timeout(1).
                SshConnector.closeQuietly(ssh);
            }
            join(o);
            join(e);
            return new RemoteResult(timedOut ? null : cmd.getExitStatus(), out.text(), err.text(), out.truncated() || err.truncated(),
                    timedOut, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** No session could be opened on the connection, so nothing ran: safe to try again on a new connection. */
    public static final class NotStarted extends IOException {
        NotStarted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** sshj reports a connection that closed under it as IllegalStateException or a TransportException. */
    private static Session session(SSHClient ssh) throws NotStarted {
        try {
            return ssh.startSession();
        } catch (IllegalStateException | IOException e) {
            throw new NotStarted("no session could be opened: " + e.getMessage(), e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
