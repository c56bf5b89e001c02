package dev.clawdbot.fleet.ssh;

import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;

/**
 * Accepts exactly the pinned host keys of one endpoint: {@code SHA256:} fingerprints compared in constant time, or
 * the entries of a known_hosts file for its address and port. Anything else — an unknown host, a changed key — is
 * refused, never learned; the offered key is kept so the refusal can name it and {@code hosts pin} can show it.
 */
public final class PinnedHostKeys implements HostKeyVerifier {
    private final List<String> pins;
    private final OpenSSHKnownHosts knownHosts;
    private volatile PublicKey offered;
    private volatile boolean refused;

    private PinnedHostKeys(List<String> pins, OpenSSHKnownHosts knownHosts) {
        this.pins = pins;
        this.knownHosts = knownHosts;
    }

    /** @throws IOException when the endpoint's known_hosts file cannot be read */
    public static PinnedHostKeys of(SshEndpoint e) throws IOException {
        OpenSSHKnownHosts file = null;
        if (e.knownHostsFile() != null) {
            if (!Files.isRegularFile(e.knownHostsFile())) {
                throw new IOException("knownHostsFile " + e.knownHostsFile() + " does not exist or is not a file");
            }
            try (Reader r = Files.newBufferedReader(e.knownHostsFile(), StandardCharsets.UTF_8)) {
                file = new OpenSSHKnownHosts(r);
            }
        }
        return new PinnedHostKeys(e.pins(), file);
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        offered = key;
        byte[] fp = HostKeys.fingerprint(key).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String pin : pins) ok |= MessageDigest.isEqual(fp, pin.getBytes(StandardCharsets.US_ASCII));
        if (!ok && knownHosts != null) ok = knownHosts.verify(hostname, port, key);
        refused = !ok;
        return ok;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return knownHosts == null ? List.of() : knownHosts.findExistingAlgorithms(hostname, port);
    }

    /** Whether any key is pinned; without one every key is refused as unknown. */
    public boolean hasPins() {
        return !pins.isEmpty() || knownHosts != null;
    }

    /** The key the host offered in the last key exchange, or null before one. */
    public PublicKey offered() {
        return offered;
    }

    /** Whether the last offered key was refused. */
    public boolean refused() {
        return refused;
    }

    /** What was accepted, for messages. */
    public String expectation() {
        if (!pins.isEmpty()) return "the pinned " + String.join(" or ", pins);
        return knownHosts != null ? "the known_hosts entries" : "pinned (no key is pinned for this host)";
    }
}
