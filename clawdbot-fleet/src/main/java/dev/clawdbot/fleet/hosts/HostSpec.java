package dev.clawdbot.fleet.hosts;

import dev.clawdbot.core.config.Secret;
import dev.clawdbot.fleet.ssh.HostKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hosts.<name>:} — one managed host, reached over SSH with a private key.
 *
 * @param address              host name or IP address
 * @param port                 SSH port (22)
 * @param user                 login name
 * @param privateKey           the key's text; set {@code privateKeyFile: PATH}, which the loader reads in. A secret
 * @param privateKeyPassphrase the key's passphrase, or none. A secret
 * @param hostKeys             pinned host keys: {@code SHA256:} fingerprints or known_hosts entries; may be empty
 *                             when the key is pinned with {@code clawdbot hosts pin} instead
 * @param knownHostsFile       an OpenSSH known_hosts file whose entries for this host are accepted as well
 * @param role                 what the host is ({@code web}, {@code gpu}, ...), free text for listings
 * @param tags                 labels for selecting hosts
 * @param jump                 the name of another host in {@code hosts:} to tunnel through
 * @param connectTimeout       connect, key exchange and each login step (10 s)
 * @param commandTimeout       each read-only remote operation (30 s)
 */
public record HostSpec(String address, Integer port, String user, @Secret String privateKey, @Secret String privateKeyPassphrase,
                       List<String> hostKeys, Path knownHostsFile, String role, List<String> tags, String jump,
                       Duration connectTimeout, Duration commandTimeout) {
    public HostSpec {
        if (address == null || address.isBlank()) throw new IllegalArgumentException("address: required");
        if (!hostName(address)) throw new IllegalArgumentException("address: not a host name or IP address: " + address);
        port = port == null ? 22 : port;
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port: must be 1..65535, was " + port);
        if (user == null || !loginName(user)) throw new IllegalArgumentException("user: required, a login name (letters, digits, _ . -), was " + user);
        if (privateKey == null || !privateKey.contains("-----BEGIN ")) {
            throw new IllegalArgumentException("privateKey: required; set privateKeyFile to an OpenSSH or PEM private key file");
        }
        // The loader strips a secret file's final newline; PEM readers expect the armour line to end with one.
        if (!privateKey.endsWith("\n")) privateKey = privateKey + "\n";
        List<String> pins = new ArrayList<>();
        hostKeys = hostKeys == null ? List.of() : List.copyOf(hostKeys);
        for (int i = 0; i < hostKeys.size(); i++) {
            try {
                pins.add(HostKeys.pin(hostKeys.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hostKeys[" + i + "]: " + e.getMessage());
            }
        }
        role = role == null || role.isBlank() ? null : role.strip();
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (jump != null && jump.isBlank()) jump = null;
        connectTimeout = bounded("connectTimeout", connectTimeout, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        commandTimeout = bounded("commandTimeout", commandTimeout, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
    }

    /** The pinned fingerprints of {@code hostKeys}, normalised. */
    public List<String> pins() {
        return hostKeys.stream().map(HostKeys::pin).toList();
    }

    private static Duration bounded(String key, Duration d, Duration dflt, Duration min, Duration max) {
        if (d == null) return dflt;
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) throw new IllegalArgumentException(key + ": must be between " + min + " and " + max + ", was " + d);
        return d;
    }

    static boolean hostName(String s) {
        if (s.length() > 253) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_')) return false;
        }
        return true;
    }

    private static boolean loginName(String s) {
        if (s.isEmpty() || s.length() > 64 || s.charAt(0) == '-' || s.charAt(0) == '.') return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' || c == '-')) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "HostSpec[address=" + address + ", port=" + port + ", user=" + user + ", privateKey=***, privateKeyPassphrase="
                + (privateKeyPassphrase == null ? "none" : "***") + ", hostKeys=" + hostKeys + ", knownHostsFile=" + knownHostsFile
                + ", role=" + role + ", tags=" + tags + ", jump=" + jump + "]";
    }
}
