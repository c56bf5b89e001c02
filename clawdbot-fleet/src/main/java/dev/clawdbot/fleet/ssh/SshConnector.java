package dev.clawdbot.fleet.ssh;

import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;

/**
 * Opens authenticated SSH connections: pinned host key (never an unknown one), public-key login, keep-alives, and
 * a jump host reached first and tunnelled through with direct-tcpip. The one place sshj connections are made.
 */
public final class SshConnector {
    /** Keep-alive every 15 s: NAT and firewall idle timeouts are usually 60 s or more. */
    static final int KEEPALIVE_SECONDS = 15;

    private SshConnector() {
    }

    /**
     * A connected, authenticated client; the caller closes it (closing it also closes the jump host's connection).
     *
     * @throws SshException saying why, with the refused key's fingerprint when the host key was refused
     */
    public static SSHClient connect(SshEndpoint e) throws SshException {
        SSHClient jump = e.jump() == null ? null : connect(e.jump());
        try {
            SSHClient ssh = open(e, jump);
            if (jump != null) ssh.getTransport().setDisconnectListener((reason, message) -> closeQuietly(jump));
            return ssh;
        } catch (SshException | RuntimeException x) {
            closeQuietly(jump);
            throw x;
        }
    }

    private static SSHClient open(SshEndpoint e, SSHClient jump) throws SshException {
        PinnedHostKeys pins;
        try {
            pins = PinnedHostKeys.of(e);
        } catch (IOException x) {
            throw new SshException(SshException.Kind.PINS_UNREADABLE, x.getMessage(), null);
        }
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(net.schmizz.keepalive.KeepAliveProvider.KEEP_ALIVE);
        SSHClient ssh = new SSHClient(config);
        try {
            ssh.addHostKeyVerifier(pins);
            ssh.setConnectTimeout(millis(e.connectTimeout()));
            // A read timeout while connecting: without it a server that accepts and never sends its banner holds us forever.
            ssh.setTimeout(millis(e.connectTimeout()));
            ssh.getTransport().setTimeoutMs(millis(e.connectTimeout()));
            String where = "host " + e.name() + " (" + e.where() + (jump == null ? "" : " via " + e.jump().name()) + ")";
            try {
                if (jump == null) {
                    ssh.connect(e.address(), e.port());
                } else {
                    DirectConnection tunnel = jump.newDirectConnection(e.address(), e.port());
                    ssh.connectVia(tunnel, e.address(), e.port());
                }
            } catch (TransportException x) {
                if (!pins.refused()) throw new SshException(SshException.Kind.CONNECT, "cannot connect to " + where + ": " + x.getMessage(), null);
                PublicKey k = pins.offered();
                String offered = HostKeys.type(k) + " " + HostKeys.fingerprint(k);
                if (!pins.hasPins()) {
                    throw new SshException(SshException.Kind.HOST_KEY_UNKNOWN, "refused: " + where + " offered host key " + offered
                            + ", and no key is pinned for it (clawdbot hosts pin " + e.name() + ")", offered);
                }
                throw new SshException(SshException.Kind.HOST_KEY_CHANGED, "refused: " + where + " offered host key " + offered
                        + ", which is not " + pins.expectation(), offered);
            } catch (IOException x) {
                throw new SshException(SshException.Kind.CONNECT, "cannot connect to " + where + ": " + x, null);
            }
            ssh.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_SECONDS);
            KeyProvider key;
            try {
                key = ssh.loadKeys(e.privateKey(), null, e.passphrase() == null ? null : PasswordUtils.createOneOff(e.passphrase().toCharArray()));
                key.getPrivate();
            } catch (IOException x) {
                // The parser's message may quote key material, so only its type is reported.
                throw new SshException(SshException.Kind.KEY, "the private key of host " + e.name() + " is not a readable OpenSSH/PEM key, or the passphrase is wrong ("
                        + x.getClass().getSimpleName() + ")", null);
            }
            try {
                ssh.authPublickey(e.user(), key);
            } catch (UserAuthException | TransportException x) {
                throw new SshException(SshException.Kind.AUTH, where + " did not accept the key for user " + e.user(), null);
            }
            // Logged in: an idle pooled connection must not time out on reads (keep-alives watch it instead).
            if (ssh.getSocket() != null) ssh.getSocket().setSoTimeout(0);
            return ssh;
        } catch (IOException x) {
            closeQuietly(ssh);
            throw x instanceof SshException s ? s : new SshException(SshException.Kind.CONNECT, "cannot connect to host " + e.name() + ": " + x, null);
        } catch (RuntimeException x) {
            closeQuietly(ssh);
            throw x;
        }
    }

    /**
     * Connects only far enough to see the host key, authenticating nothing; for {@code hosts pin}. The jump host,
     * if any, must itself be pinned.
     */
    public static PublicKey offeredKey(SshEndpoint e) throws SshException {
        SshEndpoint unpinned = new SshEndpoint(e.name(), e.address(), e.port(), e.user(), e.privateKey(), e.passphrase(),
                java.util.List.of(), null, e.jump(), e.connectTimeout());
        SSHClient jump = e.jump() == null ? null : connect(e.jump());
        try {
            PinnedHostKeys pins = PinnedHostKeys.of(unpinned);
            SSHClient ssh = new SSHClient();
            try (ssh) {
                ssh.addHostKeyVerifier(pins);
                ssh.setConnectTimeout(millis(e.connectTimeout()));
                ssh.setTimeout(millis(e.connectTimeout()));
                ssh.getTransport().setTimeoutMs(millis(e.connectTimeout()));
                if (jump == null) ssh.connect(e.address(), e.port());
                else ssh.connectVia(jump.newDirectConnection(e.address(), e.port()), e.address(), e.port());
            } catch (TransportException x) {
                if (pins.offered() != null) return pins.offered();
                throw new SshException(SshException.Kind.CONNECT, "cannot connect to host " + e.name() + " (" + e.where() + "): " + x.getMessage(), null);
            }
            throw new SshException(SshException.Kind.CONNECT, "host " + e.name() + " offered no host key", null);
        } catch (IOException x) {
            if (x instanceof SshException s) throw s;
            throw new SshException(SshException.Kind.CONNECT, "cannot connect to host " + e.name() + " (" + e.where() + "): " + x, null);
        } finally {
            closeQuietly(jump);
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    static void closeQuietly(SSHClient c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException e) {
            // Closing a broken connection: nothing left to do.
        }
    }
}
