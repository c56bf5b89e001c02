package dev.clawdbot.broker.exec;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

/**
 * Accepts exactly the pinned host key: a {@code SHA256:} fingerprint compared in constant time, or an entry of
 * a known_hosts file for this address and port. Anything else (unknown host, changed key) is refused, never
 * learned, and the offered key's fingerprint is kept so the refusal can name it.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final String pinned;
    private final OpenSSHKnownHosts knownHosts;
    private volatile String refused;

    private HostKeyCheck(String pinned, OpenSSHKnownHosts knownHosts) {
        this.pinned = pinned;
        this.knownHosts = knownHosts;
    }

    static HostKeyCheck of(HostConfig host) throws IOException {
        if (host.hostKeyFingerprint() != null) return new HostKeyCheck(host.hostKeyFingerprint().replaceAll("=+$", ""), null);
        Path file = host.knownHostsFile();
        if (!Files.isRegularFile(file)) throw new IOException("knownHostsFile " + file + " does not exist or is not a file");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new HostKeyCheck(null, new OpenSSHKnownHosts(r));
        }
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String offered = fingerprint(key);
        boolean ok = pinned != null
                ? MessageDigest.isEqual(offered.getBytes(StandardCharsets.US_ASCII), pinned.getBytes(StandardCharsets.US_ASCII))
                : knownHosts.verify(hostname, port, key);
        if (!ok) refused = KeyType.fromKey(key) + " " + offered;
        return ok;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return knownHosts == null ? List.of() : knownHosts.findExistingAlgorithms(hostname, port);
    }

    /** The type and fingerprint of a key that was refused, or null when none was. */
    String refused() {
        return refused;
    }

    String expectation() {
        return pinned != null ? "the pinned " + pinned : "the known_hosts entries";
    }

    /** OpenSSH's {@code SHA256:} fingerprint: unpadded base64 of the SHA-256 of the key's wire encoding. */
    static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
