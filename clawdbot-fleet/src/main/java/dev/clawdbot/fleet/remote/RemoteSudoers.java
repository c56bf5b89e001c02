package dev.clawdbot.fleet.remote;

import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.ssh.RemoteResult;
import dev.clawdbot.fleet.ssh.SshEndpoint;
import dev.clawdbot.fleet.ssh.SshPool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sudoers files of a managed host, read when the SSH user may: as root, or through password-less sudo
 * ({@code sudo -n}, which fails rather than asking). Every step is a fixed argv: {@code id -u}, {@code sudo -n true},
 * {@code find ETC/sudoers.d -maxdepth 1 -type f -printf %f\n} and {@code cat -- FILE} per file, prefixed with
 * {@code sudo -n} when not root. Each file is read up to 1 MiB, at most 200 files, and drop-in names with a dot or
 * ending in {@code ~} are skipped as sudo's {@code #includedir} skips them. Judging the rules is the caller's
 * (the ops tiers use the local check's rules).
 */
public final class RemoteSudoers {
    /** How the files were read: as root, through {@code sudo -n}, or not at all. */
    public enum Access { ROOT, SUDO, NONE }

    /**
     * @param files    file name ({@code sudoers}, then the drop-ins' names, sorted) to its text
     * @param problems a file or listing that could not be read, one line each
     * @param why      with {@link Access#NONE}: why nothing was read
     */
    public record Read(Access access, Map<String, String> files, List<String> problems, String why) {
        public Read {
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
            problems = List.copyOf(problems);
        }

        static Read none(String why) {
            return new Read(Access.NONE, Map.of(), List.of(), why);
        }
    }

    /** As the local check: a sudoers file over 1 MiB is cut there, and at most 200 files are read. */
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_FILES = 200;

    private final Inventory inventory;
    private final SshPool pool;
    private final String etc;

    /** @param etc the host's {@code /etc} (tests: a tree of their own on the test host) */
    public RemoteSudoers(Inventory inventory, SshPool pool, String etc) {
        this.inventory = inventory;
        this.pool = pool;
        this.etc = etc;
    }

    public Read read(String host) {
        SshEndpoint endpoint;
        Duration timeout;
        try {
            endpoint = inventory.endpoint(host);
            timeout = inventory.hosts().get(host).commandTimeout();
        } catch (IllegalArgumentException e) {
            return Read.none(e.getMessage());
        }
        try {
            RemoteResult id = run(endpoint, timeout, List.of("id", "-u"));
            List<String> prefix;
            Access access;
            if (id.ok() && id.stdout().strip().equals("0")) {
                prefix = List.of();
                access = Access.ROOT;
            } else {
                RemoteResult sudo = run(endpoint, timeout, List.of("sudo", "-n", "true"));
                if (!sudo.ok()) {
                    String said = Text.clip(firstLine(sudo.stderr()), 160);
                    return Read.none("the SSH user is not root and has no password-less sudo"
                            + (said.isEmpty() ? " (sudo -n exited " + sudo.exitCode() + ")" : ": " + said));
                }
                prefix = List.of("sudo", "-n");
                access = Access.SUDO;
            }
            return files(endpoint, timeout, prefix, access);
        } catch (IOException e) {
            return Read.none("the SSH session failed: " + e.getMessage());
        }
    }

    private Read files(SshEndpoint endpoint, Duration timeout, List<String> prefix, Access access) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String dropins = etc + "/sudoers.d";
        RemoteResult list = run(endpoint, timeout, with(prefix, "find", dropins, "-maxdepth", "1", "-type", "f", "-printf", "%f\\n"));
        if (list.ok()) {
            for (String n : list.stdout().split("\n")) {
                // sudo skips names with a dot or ending in ~ in an #includedir; a name with a control character is not read.
                if (!n.isEmpty() && !n.contains(".") && !n.endsWith("~") && n.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) names.add(n);
            }
        } else if (!list.stderr().contains("No such file")) {
            problems.add("cannot list " + dropins + ": " + Text.clip(firstLine(list.stderr()), 160));
        }
        List<String> sorted = names.stream().sorted().limit(MAX_FILES - 1).toList();
        Map<String, String> files = new LinkedHashMap<>();
        read(endpoint, timeout, prefix, etc + "/sudoers", "sudoers", files, problems);
        for (String n : sorted) read(endpoint, timeout, prefix, dropins + "/" + n, n, files, problems);
        return new Read(access, files, problems, null);
    }

    private void read(SshEndpoint endpoint, Duration timeout, List<String> prefix, String path, String name,
                      Map<String, String> files, List<String> problems) throws IOException {
        RemoteResult r = run(endpoint, timeout, with(prefix, "cat", "--", path));
        if (r.ok()) {
            files.put(name, r.stdout());
            if (r.truncated()) problems.add(path + " is over " + MAX_BYTES + " bytes: read up to there");
        } else if (!r.stderr().contains("No such file")) {
            problems.add("cannot read " + path + ": " + Text.clip(firstLine(r.stderr()), 160));
        }
    }

    private RemoteResult run(SshEndpoint endpoint, Duration timeout, List<String> argv) throws IOException {
        return pool.run(endpoint, RemoteHost.bounded(argv, timeout), timeout.plusSeconds(10), MAX_BYTES);
    }

    private static List<String> with(List<String> prefix, String... argv) {
        List<String> out = new ArrayList<>(prefix);
        out.addAll(List.of(argv));
        return out;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
