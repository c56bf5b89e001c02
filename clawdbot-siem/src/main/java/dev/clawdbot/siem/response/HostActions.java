package dev.clawdbot.siem.response;

import dev.clawdbot.siem.rules.IpRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The responses that act on the host rather than the firewall: locking a user account ({@code usermod -L}, undone
 * with {@code usermod -U} when its timeout ends) and running a configured program. Both run from an argv through
 * the bounded runner; values from the alert reach the argv only after a strict check.
 */
final class HostActions {

    /** Accounts below this uid are the system's own and never locked (Debian's UID_MIN). */
    static final int UID_MIN = 1000;
    /** Nor above this one (Debian's UID_MAX): 65534 is {@code nobody}, 60001–65533 are reserved for the system. */
    static final int UID_MAX = 60000;
    static final String USER_PREFIX = "user:";

    private final List<String> usermod;
    private final Path passwd;
    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(10));
    private final ProcessRunner programRunner = new ProcessRunner(Duration.ofSeconds(30));

    HostActions(List<String> usermod, Path passwd) {
        this.usermod = List.copyOf(usermod);
        this.passwd = passwd;
    }

    /** A user name useradd would accept: {@code [a-z_][a-z0-9_.-]*[$]?}, at most 32 characters. Plain code, no regex. */
    static boolean validUser(String u) {
        if (u == null || u.isEmpty() || u.length() > 32) return false;
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-')
                    || c == '$' && i == u.length() - 1 && i > 0;
            if (!ok) return false;
        }
        return true;
    }

    /** The uid of {@code user} in the passwd file, or -1 when it has no entry. */
    int uid(String user) {
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[0].equals(user)) return Integer.parseInt(f[2]);
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Why {@code user} may not be locked, or null when it may. */
    String refusal(String user) {
        if (!validUser(user)) return "not a user name";
        int uid = uid(user);
        if (uid < 0) return "no such user";
        if (uid < UID_MIN || uid > UID_MAX) return "system account (uid " + uid + ")";
        return null;
    }

    void lock(String user) {
        check(runner.run(argv(usermod, "-L", user), null), "locking " + user);
    }

    void unlock(String user) {
        check(runner.run(argv(usermod, "-U", user), null), "unlocking " + user);
    }

    /** The program's argv with the placeholders filled, or null when a value fails its check. */
    static List<String> programArgv(List<String> template, int ruleId, int level, String srcip, String user) {
        List<String> out = new ArrayList<>(template.size());
        for (String w : template) {
            String v = switch (w) {
                case "{srcip}" -> srcip != null && IpRange.literal(srcip.strip()) != null ? srcip.strip() : null;
                case "{user}" -> validUser(user) ? user : null;
                case "{rule}" -> String.valueOf(ruleId);
                case "{level}" -> String.valueOf(level);
                default -> w;
            };
            if (v == null) return null;
            out.add(v);
        }
        return out;
    }

    ProcessRunner.Result runProgram(List<String> argv) {
        return programRunner.run(argv, null);
    }

    /** The user an alert is about: {@code dstuser} (the account attacked), else {@code srcuser}, else {@code user}. */
    static String alertUser(Map<String, String> fields) {
        for (String k : List.of("dstuser", "srcuser", "user")) {
            String v = fields.get(k);
            if (v != null && !v.isBlank()) return v.strip();
        }
        return null;
    }

    private static List<String> argv(List<String> tool, String... args) {
        List<String> a = new ArrayList<>(tool);
        a.addAll(List.of(args));
        return a;
    }

    private static void check(ProcessRunner.Result r, String what) {
        if (!r.ok()) throw new IllegalStateException(what + ": exited " + r.exit() + ": " + r.output());
    }
}
