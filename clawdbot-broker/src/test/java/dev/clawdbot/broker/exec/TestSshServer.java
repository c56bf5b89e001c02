package dev.clawdbot.broker.exec;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process SSH server (Apache MINA sshd) on loopback that behaves like OpenSSH for what the executor
 * uses: public-key auth for one user, {@code exec} requests run as {@code /bin/sh -c COMMAND} (as sshd runs
 * them through a POSIX login shell) and the SFTP subsystem on the real file system.
 */
final class TestSshServer implements AutoCloseable {

    static final String USER = "ops";

    final KeyPair hostKey = ecKey();
    final KeyPair clientKey = ecKey();
    final AtomicInteger execs = new AtomicInteger();
    private final SshServer sshd;

    TestSshServer() throws IOException {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> user.equals(USER) && KeyUtils.compareKeys(key, clientKey.getPublic()));
        sshd.setCommandFactory((channel, command) -> {
            execs.incrementAndGet();
            return new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel);
        });
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new NativeFileSystemFactory());
        sshd.start();
    }

    int port() {
        return sshd.getPort();
    }

    /** OpenSSH's fingerprint of the host key, computed by MINA (not by the code under test). */
    String fingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    /** A known_hosts line for this server's address and port. */
    String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    String clientPrivateKey() {
        return openssh(clientKey);
    }

    static String openssh(KeyPair kp) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "test", null, out);
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}
