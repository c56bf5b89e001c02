package dev.clawdbot.fleet.hosts;

import dev.clawdbot.fleet.ssh.HostKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Host keys pinned by {@code clawdbot hosts pin}: {@code DATA/ssh/known_hosts}, OpenSSH format
 * ({@code [address]:port type base64 clawdbot:NAME}), so {@code ssh -o UserKnownHostsFile=} reads it too. Lines are
 * only ever appended; a changed key is never written over an old one (the operator deletes the old line first).
 */
public final class PinStore {
    /** Lines longer than this are skipped: a host key line is under 1 KiB even for RSA 8192. */
    private static final int MAX_LINE = 16 * 1024;

    private final Path file;

    public PinStore(Path dataDir) {
        this.file = dataDir.resolve("ssh").resolve("known_hosts");
    }

    public Path file() {
        return file;
    }

    /** Fingerprints recorded for {@code address:port}. */
    public List<String> pins(String address, int port) {
        if (!Files.isRegularFile(file)) return List.of();
        String host = HostKeys.hostField(address, port);
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || l.length() > MAX_LINE) continue;
                int sp = l.indexOf(' ');
                if (sp < 0 || !hostMatches(l.substring(0, sp), host)) continue;
                try {
                    out.add(HostKeys.pin(l));
                } catch (IllegalArgumentException e) {
                    // A damaged line pins nothing; the host then stays refused rather than trusted.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    private static boolean hostMatches(String field, String host) {
        for (String h : field.split(",", -1)) if (h.equals(host)) return true;
        return false;
    }

    /** Appends the key for {@code address:port}, creating the file with mode 600. */
    public synchronized void record(String name, String address, int port, PublicKey key) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, HostKeys.knownHostsLine(address, port, key) + " clawdbot:" + name + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }
}
