package dev.clawdbot.fleet.ssh;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server on a loopback port, started by the test as root: a generated ed25519 host key, a generated
 * user key in an AuthorizedKeysFile inside the temp dir ({@code StrictModes no}), and a PATH whose first directory
 * holds stand-in programs ({@code SetEnv}), so {@code nvidia-smi} and friends exist on that host only.
 */
public final class RealSshd implements AutoCloseable {
    public final Path dir;
    public final Path bin;
    public final int port;
    public final String userKey;
    private Process process;

    public RealSshd(Path dir) throws Exception {
        this.dir = dir;
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.port = freePort();
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "clawdbot-test-user", "-f", dir.resolve("user_key").toString());
        this.userKey = Files.readString(dir.resolve("user_key"));
        Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
        newHostKey();
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"), "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "StrictModes no", "UsePAM no",
                "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "AllowTcpForwarding yes", "MaxSessions 20", "MaxStartups 50",
                "SetEnv PATH=" + bin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LogLevel ERROR", ""));
        Files.createDirectories(Path.of("/run/sshd"));
        start();
    }

    /** Replaces the host key (the next start offers a different one). */
    public void newHostKey() throws Exception {
        Files.deleteIfExists(dir.resolve("host_key"));
        Files.deleteIfExists(dir.resolve("host_key.pub"));
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
    }

    /** {@code SHA256:...} of the current host key, as ssh-keygen computes it. */
    public String fingerprint() throws Exception {
        String out = run("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_key.pub").toString());
        return out.split(" ")[1];
    }

    /** The host key as a known_hosts entry for this port. */
    public String knownHostsLine() throws IOException {
        String[] pub = Files.readString(dir.resolve("host_key.pub")).strip().split(" ");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    public void start() throws Exception {
        process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on " + port);
    }

    public void stop() throws InterruptedException {
        if (process == null) return;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    /** Writes an executable stand-in program into the host's first PATH directory. */
    public void standIn(String name, String script) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        p.toFile().setExecutable(true);
    }

    public SshEndpoint endpoint(String name, List<String> pins) {
        return new SshEndpoint(name, "127.0.0.1", port, "root", userKey, null, pins, null, null, java.time.Duration.ofSeconds(5));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", argv) + ": " + out);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
