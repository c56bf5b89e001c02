package dev.clawdbot.broker;

import dev.clawdbot.core.config.Secret;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.ssh.SshEndpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One managed host (YAML key {@code broker.hosts.<name>}), reached over SSH with a private key. The host key
 * must be pinned: {@code hostKeyFingerprint} ({@code SHA256:<base64>}, as {@code ssh-keygen -lf} prints it) or
 * {@code knownHostsFile} (OpenSSH format), never neither, so an unknown or changed host key is always refused.
 * {@code privateKey} is the key's text (use {@code privateKeyFile: PATH}, which the config loader reads in);
 * it and {@code privateKeyPassphrase} are secrets and never printed. {@code markerDir} is where idempotency
 * markers are created on the host (relative to the login directory unless absolute). These keys still work; new
 * hosts go under the top-level {@code hosts:} (the fleet's inventory), which the broker executes on as well.
 */
public record HostConfig(String address, Integer port, String user, @Secret String privateKey, @Secret String privateKeyPassphrase,
                         String hostKeyFingerprint, Path knownHostsFile, Duration connectTimeout, String dockerProgram,
                         String markerDir) {

    public HostConfig {
        if (address == null || address.isBlank()) throw new IllegalArgumentException("address is required");
        if (!address.matches("[A-Za-z0-9.:\\-\\[\\]]{1,253}")) throw new IllegalArgumentException("address is not a host name or IP address: " + address);
        port = port == null ? 22 : port;
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
        if (user == null || !user.matches("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}")) throw new IllegalArgumentException("user is required (a login name), was " + user);
        if (privateKey == null || !privateKey.contains("-----BEGIN ")) {
            throw new IllegalArgumentException("privateKey is required: set privateKeyFile to an OpenSSH or PEM private key file");
        }
        // The loader strips a secret file's final newline; PEM readers expect the armour line to end with one.
        if (!privateKey.endsWith("\n")) privateKey = privateKey + "\n";
        if (hostKeyFingerprint == null && knownHostsFile == null) {
            throw new IllegalArgumentException("hostKeyFingerprint or knownHostsFile is required: unknown host keys are never accepted");
        }
        if (hostKeyFingerprint != null && knownHostsFile != null) {
            throw new IllegalArgumentException("set hostKeyFingerprint or knownHostsFile, not both");
        }
        if (hostKeyFingerprint != null && !hostKeyFingerprint.matches("SHA256:[A-Za-z0-9+/]{43}=?")) {
            throw new IllegalArgumentException("hostKeyFingerprint must look like SHA256:<43 base64 characters> (ssh-keygen -lf), was " + hostKeyFingerprint);
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        if (connectTimeout.compareTo(Duration.ofMillis(100)) < 0 || connectTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("connectTimeout must be between 100ms and 5m, was " + connectTimeout);
        }
        dockerProgram = dockerProgram == null ? "docker" : dockerProgram;
        if (dockerProgram.isBlank() || dockerProgram.indexOf('\0') >= 0) throw new IllegalArgumentException("dockerProgram must be a program name or path");
        markerDir = markerDir == null ? ".clawdbot/executed" : markerDir;
        if (markerDir.isBlank() || markerDir.chars().anyMatch(c -> c < 0x20)) throw new IllegalArgumentException("markerDir must be a path without control characters");
    }

    /** The same host as an entry of the fleet's inventory ({@code hosts:}), which every part reaches hosts through. */
    public HostSpec toSpec() {
        return new HostSpec(address, port, user, privateKey, privateKeyPassphrase,
                hostKeyFingerprint == null ? List.of() : List.of(hostKeyFingerprint), knownHostsFile, null, List.of(), null, connectTimeout, null);
    }

    /** How the SSH layer reaches this host. */
    public SshEndpoint endpoint(String name) {
        return Inventory.of(Map.of(name, toSpec()), null).endpoint(name);
    }

    /** The fleet inventory entries for {@code broker.hosts}. */
    public static Map<String, HostSpec> specs(Map<String, HostConfig> hosts) {
        Map<String, HostSpec> out = new java.util.LinkedHashMap<>();
        hosts.forEach((n, h) -> out.put(n, h.toSpec()));
        return out;
    }

    @Override
    public String toString() {
        return "HostConfig[address=" + address + ", port=" + port + ", user=" + user + ", privateKey=***, privateKeyPassphrase="
                + (privateKeyPassphrase == null ? "none" : "***") + ", hostKeyFingerprint=" + hostKeyFingerprint + ", knownHostsFile="
                + knownHostsFile + ", connectTimeout=" + connectTimeout + ", dockerProgram=" + dockerProgram + ", markerDir=" + markerDir + "]";
    }
}
