package dev.clawdbot.fleet.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how to log in to one host: what the SSH layer needs, independent of how the configuration spells it.
 *
 * @param name           the inventory name (used in messages and events)
 * @param address        host name or IP address
 * @param port           SSH port
 * @param user           login name
 * @param privateKey     the private key's text (OpenSSH or PEM); never printed
 * @param passphrase     the key's passphrase, or null; never printed
 * @param pins           accepted host keys as {@code SHA256:} fingerprints (already normalised, no padding)
 * @param knownHostsFile an OpenSSH known_hosts file whose entries for this address and port are accepted, or null
 * @param jump           the host to tunnel through (direct-tcpip), or null
 * @param connectTimeout TCP connect, key exchange and each authentication step
 */
public record SshEndpoint(String name, String address, int port, String user, String privateKey, String passphrase,
                          List<String> pins, Path knownHostsFile, SshEndpoint jump, Duration connectTimeout) {
    public SshEndpoint {
        pins = pins == null ? List.of() : List.copyOf(pins);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    /** The same endpoint with more accepted host keys (those recorded by {@code clawdbot hosts pin}). */
    public SshEndpoint withPins(List<String> more) {
        if (more.isEmpty()) return this;
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(pins);
        all.addAll(more);
        return new SshEndpoint(name, address, port, user, privateKey, passphrase, List.copyOf(all), knownHostsFile, jump, connectTimeout);
    }

    /** {@code address:port}, for messages. */
    public String where() {
        return address + ":" + port;
    }

    @Override
    public String toString() {
        return "SshEndpoint[" + name + " " + user + "@" + where() + (jump == null ? "" : " via " + jump.name()) + "]";
    }
}
