package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Monthly security posture: who can log in and who can become root. Users with a login shell from
 * {@code /etc/passwd} (INFO; a second uid 0 is CRITICAL), and the rules of {@code /etc/sudoers} and
 * {@code /etc/sudoers.d/*} (INFO; {@code NOPASSWD} ones are WARNINGs: a stolen session becomes root). Files are
 * read bounded, without a host command.
 */
public final class Accounts {
    static final String NAME = "posture";
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_SUDOERS_FILES = 200;
    private static final Set<String> NO_LOGIN = Set.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false", "/bin/sync", "");

    private final Path etc;

    /** @param etc {@code /etc} */
    public Accounts(Path etc) {
        this.etc = etc;
    }

    /** {@code user (uid N, shell)} for every passwd line whose shell allows a login. */
    record User(String name, long uid, String shell) {
    }

    static List<User> loginUsers(String passwd) {
        List<User> out = new ArrayList<>();
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || line.startsWith("#") || NO_LOGIN.contains(f[6].strip())) continue;
            try {
                out.add(new User(f[0], Long.parseLong(f[2]), f[6].strip()));
            } catch (NumberFormatException e) {
                // malformed uid: skipped
            }
        }
        return out;
    }

    /** Rule lines of a sudoers file: not comments, not Defaults, not includes, continuation lines joined. */
    static List<String> sudoRules(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            cur.append(line);
            String rule = cur.toString().strip();
            cur.setLength(0);
            if (rule.isEmpty() || rule.startsWith("#") || rule.startsWith("Defaults") || rule.startsWith("@include")) continue;
            out.add(rule);
        }
        return out;
    }

    /** The findings for passwd text ({@code /etc/passwd}, or {@code getent passwd} on a managed host): a second uid 0, the login users. */
    public static List<Finding> users(String passwd) {
        List<Finding> findings = new ArrayList<>();
        List<User> users = loginUsers(passwd);
        for (User u : users) {
            if (u.uid() == 0 && !u.name().equals("root")) {
                findings.add(new Finding(Finding.Severity.CRITICAL, NAME, u.name(), "has uid 0: a second root account",
                        "usermod -u NEW_UID " + u.name() + " or remove it (userdel)"));
            }
        }
        findings.add(new Finding(Finding.Severity.INFO, NAME, "users", users.size() + " with a login shell: "
                + String.join(", ", users.stream().map(u -> u.name() + " (" + u.shell() + ")").toList()),
                "usermod -s /usr/sbin/nologin USER for accounts that never log in"));
        return findings;
    }

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        try {
            findings.addAll(users(Tiers.readBounded(etc.resolve("passwd"), MAX_BYTES)));
        } catch (IOException e) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, "users", "cannot read " + etc.resolve("passwd") + ": " + e.getMessage(), ""));
        }
        Map<String, String> texts = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        files.add(etc.resolve("sudoers"));
        Path dropins = etc.resolve("sudoers.d");
        if (Files.isDirectory(dropins, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dropins)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    // sudo skips names with a dot or ending in ~ in an #includedir
                    if (files.size() < MAX_SUDOERS_FILES && !n.contains(".") && !n.endsWith("~")) files.add(p);
                }
            } catch (IOException e) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, "sudoers", "cannot list " + dropins + ": " + e.getMessage(), ""));
            }
        }
        for (Path f : files.stream().sorted().toList()) {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                texts.put(f.getFileName().toString(), Tiers.readBounded(f, MAX_BYTES));
            } catch (IOException e) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, "sudoers", "cannot read " + f + ": " + e.getMessage(), ""));
            }
        }
        findings.addAll(sudoers(texts));
        return findings;
    }

    /**
     * The findings for sudoers files (name to text, in sudo's order: {@code sudoers}, then the drop-ins), read here or
     * on a managed host: each {@code NOPASSWD} rule a WARNING, then all rules as one INFO.
     */
    public static List<Finding> sudoers(Map<String, String> files) {
        List<Finding> findings = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        files.forEach((name, text) -> sudoRules(text).forEach(r -> rules.add(name + ": " + r)));
        for (String r : rules) {
            if (r.contains("NOPASSWD")) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, "sudoers", "password-less sudo: " + r,
                        "remove NOPASSWD unless a service needs it, and then limit it to exact commands (visudo -f FILE)"));
            }
        }
        findings.add(new Finding(Finding.Severity.INFO, NAME, "sudoers", rules.size() + " rule(s)" + (rules.isEmpty() ? "" : ": " + String.join("; ", rules)), ""));
        return findings;
    }
}
