package dev.clawdbot.ops.checks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monthly security posture: sshd's effective settings ({@code sshd -T}, through the {@link CommandRunner}: what
 * sshd would really use after includes and defaults, not what one file says). Empty passwords allowed is CRITICAL;
 * root login with a password, and password authentication, are WARNINGs; X11 forwarding is INFO.
 */
public final class SshdSettings {
    static final String NAME = "posture";
    public static final List<String> ARGV = List.of("/usr/sbin/sshd", "-T");

    private final CommandRunner runner;

    public SshdSettings(CommandRunner runner) {
        this.runner = runner;
    }

    /** {@code key value} lines, keys lower case as sshd -T prints them; the first occurrence wins. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int sp = l.indexOf(' ');
            if (sp <= 0) continue;
            out.putIfAbsent(l.substring(0, sp).toLowerCase(Locale.ROOT), l.substring(sp + 1).strip());
        }
        return out;
    }

    static List<Finding> judge(Map<String, String> s) {
        List<Finding> findings = new ArrayList<>();
        String cfg = "set it in /etc/ssh/sshd_config.d/*.conf, then sshd -t && systemctl reload ssh";
        if ("yes".equals(s.get("permitemptypasswords"))) {
            findings.add(new Finding(Finding.Severity.CRITICAL, NAME, "sshd", "PermitEmptyPasswords yes: an account without a password can log in",
                    "PermitEmptyPasswords no; " + cfg));
        }
        String root = s.getOrDefault("permitrootlogin", "");
        if (root.equals("yes")) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, "sshd", "PermitRootLogin yes: root may log in with a password",
                    "PermitRootLogin prohibit-password (keys only) or no; " + cfg));
        }
        if ("yes".equals(s.get("passwordauthentication"))) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, "sshd", "PasswordAuthentication yes: passwords can be guessed over the network",
                    "PasswordAuthentication no once every user has a key; " + cfg));
        }
        if ("yes".equals(s.get("x11forwarding"))) {
            findings.add(new Finding(Finding.Severity.INFO, NAME, "sshd", "X11Forwarding yes", "X11Forwarding no unless someone needs it"));
        }
        findings.add(new Finding(Finding.Severity.INFO, NAME, "sshd", "PermitRootLogin " + s.getOrDefault("permitrootlogin", "?")
                + ", PasswordAuthentication " + s.getOrDefault("passwordauthentication", "?") + ", PubkeyAuthentication "
                + s.getOrDefault("pubkeyauthentication", "?") + ", port " + s.getOrDefault("port", "?"), ""));
        return findings;
    }

    /** The findings for {@code sshd -T}'s output, also run on managed hosts. */
    public static List<Finding> judge(String sshdT) {
        return judge(parse(sshdT));
    }

    public List<Finding> check() {
        if (!Files.isExecutable(Path.of(ARGV.getFirst()))) {
            return List.of(new Finding(Finding.Severity.INFO, NAME, "sshd", "no sshd installed; nothing to review", ""));
        }
        Tiers.Ran ran = Tiers.run(runner, ARGV, NAME, "sshd -T");
        if (ran.problem() != null) return List.of(ran.problem());
        return judge(ran.stdout());
    }
}
