package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Monthly security posture: the TCP ports something listens on, from {@code /proc/net/tcp} and {@code tcp6} (no
 * host command), each with the program that holds the socket where {@code /proc/PID/fd} shows it (bounded: at most
 * {@link #MAX_FDS} descriptors looked at). Ports bound to every interface are listed apart: those are reachable
 * from the network unless a firewall says otherwise.
 */
public final class ListeningPorts {
    static final String NAME = "posture";
    private static final int MAX_BYTES = 4 << 20;
    static final int MAX_FDS = 200_000;

    private final Path proc;

    /** @param proc {@code /proc} */
    public ListeningPorts(Path proc) {
        this.proc = proc;
    }

    /** One listening socket. */
    record Listener(String address, int port, long inode) {
        boolean allInterfaces() {
            return address.equals("0.0.0.0") || address.equals("::");
        }

        String text() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    /** Parses {@code /proc/net/tcp} or {@code tcp6}: rows in state {@code 0A} (LISTEN). */
    static List<Listener> parse(String table) {
        List<Listener> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":") || !f[3].equals("0A")) continue;
            int colon = f[1].indexOf(':');
            if (colon < 0) continue;
            try {
                out.add(new Listener(address(f[1].substring(0, colon)), Integer.parseInt(f[1].substring(colon + 1), 16), Long.parseLong(f[9])));
            } catch (NumberFormatException e) {
                // a malformed row: skipped
            }
        }
        return out;
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
    static String address(String hex) {
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
        }
        if (hex.length() != 32) throw new NumberFormatException("address " + hex);
        byte[] b = new byte[16];
        for (int w = 0; w < 4; w++) {
            for (int i = 0; i < 4; i++) {
                b[w * 4 + i] = (byte) Integer.parseInt(hex.substring(w * 8 + (3 - i) * 2, w * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        try {
            String s = java.net.InetAddress.getByAddress(b).getHostAddress();
            return s.equals("0:0:0:0:0:0:0:0") ? "::" : s.equals("0:0:0:0:0:0:0:1") ? "::1" : s;
        } catch (java.net.UnknownHostException e) {
            throw new NumberFormatException(e.getMessage());
        }
    }

    public List<Finding> check() {
        List<Listener> all = new ArrayList<>();
        for (String t : List.of("tcp", "tcp6")) {
            try {
                all.addAll(parse(Tiers.readBounded(proc.resolve("net").resolve(t), MAX_BYTES)));
            } catch (IOException e) {
                // no IPv6 (tcp6 absent) or no /proc: the other table still counts
            }
        }
        if (all.isEmpty()) return List.of(new Finding(Finding.Severity.INFO, NAME, "ports", "no listening TCP sockets found", ""));
        Map<Long, String> owners = owners();
        TreeSet<String> open = new TreeSet<>(), local = new TreeSet<>();
        for (Listener l : all) {
            String owner = owners.get(l.inode());
            (l.allInterfaces() ? open : local).add(l.text() + (owner == null ? "" : " (" + owner + ")"));
        }
        List<Finding> findings = new ArrayList<>();
        if (!open.isEmpty()) {
            findings.add(new Finding(Finding.Severity.INFO, NAME, "ports", "listening on all interfaces: " + String.join(", ", open),
                    "bind services that need no outside access to 127.0.0.1, or firewall them (nft list ruleset)"));
        }
        if (!local.isEmpty()) findings.add(new Finding(Finding.Severity.INFO, NAME, "ports", "listening on specific addresses: " + String.join(", ", local), ""));
        return findings;
    }

    /** Socket inode to program name, from {@code /proc/PID/fd} links {@code socket:[INODE]} and {@code /proc/PID/comm}. */
    private Map<Long, String> owners() {
        Map<Long, String> out = new HashMap<>();
        int seen = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path pid : pids) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
                    String comm = null;
                    for (Path fd : fds) {
                        if (++seen > MAX_FDS) return out;
                        String target;
                        try {
                            target = Files.readSymbolicLink(fd).toString();
                        } catch (IOException e) {
                            continue;
                        }
                        if (!target.startsWith("socket:[") || !target.endsWith("]")) continue;
                        if (comm == null) comm = Tiers.readBounded(pid.resolve("comm"), 64).strip() + "/" + pid.getFileName();
                        try {
                            out.putIfAbsent(Long.parseLong(target.substring(8, target.length() - 1)), comm);
                        } catch (NumberFormatException e) {
                            // not an inode number: skipped
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // the process exited, or its fds are not ours to read
                }
            }
        } catch (IOException e) {
            // no /proc: ports listed without owners
        }
        return out;
    }
}
