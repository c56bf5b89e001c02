package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Static risk rules: deterministic, so a persuasive request text cannot talk its way below them. The model's
 * assessment may raise the level but never lower it.
 */
final class RiskRules {

    enum Risk { LOW, MEDIUM, HIGH }

    record Assessment(Risk risk, List<String> reasons) {
    }

    private static final Set<String> DESTRUCTIVE = Set.of("rm", "rmdir", "dd", "shred", "wipefs", "fdisk", "sfdisk", "parted",
            "truncate", "shutdown", "reboot", "halt", "poweroff", "kill", "pkill", "killall", "mv", "crontab", "mount", "umount", "zfs", "lvremove");
    private static final Set<String> PACKAGES = Set.of("apt", "apt-get", "aptitude", "dpkg", "yum", "dnf", "rpm", "pip", "pip3",
            "npm", "snap", "apk", "zypper", "pacman", "flatpak", "gem", "cargo");
    private static final Set<String> FIREWALL = Set.of("iptables", "ip6tables", "nft", "ufw", "firewall-cmd", "iptables-restore", "ip");
    private static final Set<String> USERS = Set.of("useradd", "userdel", "usermod", "adduser", "deluser", "passwd", "chpasswd",
            "groupadd", "groupdel", "groupmod", "gpasswd", "visudo", "chage");
    private static final Set<String> INTERPRETERS = Set.of("sh", "bash", "zsh", "dash", "ksh", "fish", "sudo", "su", "doas", "env",
            "xargs", "python", "python3", "perl", "ruby", "node", "awk", "find", "ssh", "scp", "curl", "wget", "nc", "socat", "tee", "install", "cp");
    private static final Set<String> READ_ONLY = Set.of("ls", "df", "du", "uptime", "free", "whoami", "hostname", "date", "cat", "head", "tail");
    private static final Pattern SECRETS = Pattern.compile(
            "(?i)(/etc/shadow|/etc/gshadow|/etc/sudoers|\\.ssh/|id_rsa|id_ed25519|authorized_keys|\\.env\\b|secret|passw|token|private[ _-]?key|\\.pem\\b|\\.key\\b|credential)");

    static final int MAIL_MANY_RECIPIENTS = 10;
    private static final Pattern LINK = Pattern.compile("(?i)(https?://|ftp://|www\\.|data:[a-z]+/|base64,)");

    private RiskRules() {
    }

    static Assessment assess(List<ProposedAction> actions) {
        Risk max = Risk.LOW;
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            ProposedAction a = actions.get(i);
            Risk r = one(a, reasons, "action " + (i + 1) + ": ");
            if (!a.host().equals("local") && r == Risk.LOW) {
                r = Risk.MEDIUM;
                reasons.add("action " + (i + 1) + ": targets remote host " + a.host());
            }
            if (r.compareTo(max) > 0) max = r;
        }
        return new Assessment(max, List.copyOf(reasons));
    }

    private static Risk one(ProposedAction a, List<String> reasons, String p) {
        // The text the secrets pattern looks at: argv, path, content, subject and body joined by spaces, absent ones empty.
        String all = switch (a) {
            case ProposedAction.Command c -> String.join(" ", c.argv()) + "    ";
            case ProposedAction.File f -> " " + f.path() + " " + (f.content() == null ? "" : f.content()) + "  ";
            case ProposedAction.Container c -> "    ";
            case ProposedAction.Mail m -> "   " + m.subject() + " " + m.body();
        };
        if (SECRETS.matcher(all).find()) return high(reasons, p + "touches secrets or credentials");
        switch (a) {
            case ProposedAction.File f -> {
                if (f.operation() == ProposedAction.File.Operation.DELETE) return high(reasons, p + "deletes a file");
                if (f.path().startsWith("/etc/") || f.path().startsWith("/usr/") || f.path().startsWith("/boot/")
                        || f.path().startsWith("/bin/") || f.path().startsWith("/sbin/") || f.path().startsWith("/lib")) {
                    return high(reasons, p + "writes system path " + f.path());
                }
                reasons.add(p + "writes " + f.path());
                return Risk.MEDIUM;
            }
            case ProposedAction.Mail m -> {
                return mail(m, reasons, p);
            }
            case ProposedAction.Container c -> {
                reasons.add(p + c.operation().wire() + " container " + c.container());
                return c.operation() == ProposedAction.Container.Operation.STOP ? Risk.HIGH : Risk.MEDIUM;
            }
            case ProposedAction.Command c -> {
                return command(c.argv(), reasons, p);
            }
        }
    }

    private static Risk command(List<String> argv, List<String> reasons, String p) {
        String prog = argv.getFirst();
        String name = prog.substring(prog.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (DESTRUCTIVE.contains(name) || name.startsWith("mkfs")) return high(reasons, p + "destructive command " + name);
        if (PACKAGES.contains(name)) return high(reasons, p + "package management (" + name + ")");
        if (FIREWALL.contains(name)) return high(reasons, p + "firewall or network configuration (" + name + ")");
        if (USERS.contains(name)) return high(reasons, p + "user or group management (" + name + ")");
        if (INTERPRETERS.contains(name)) return high(reasons, p + name + " can run arbitrary code");
        String sub = argv.size() > 1 ? argv.get(1) : "";
        if (name.equals("systemctl")) {
            if (Set.of("status", "is-active", "is-enabled", "list-units", "show").contains(sub)) return Risk.LOW;
            if (Set.of("stop", "disable", "mask", "kill", "isolate", "poweroff", "reboot").contains(sub)) return high(reasons, p + "systemctl " + sub);
            reasons.add(p + "systemctl " + sub);
            return Risk.MEDIUM;
        }
        if (name.equals("docker")) {
            if (Set.of("ps", "inspect", "logs", "images", "stats", "version", "info").contains(sub)) return Risk.LOW;
            if (Set.of("restart", "start", "pull").contains(sub)) {
                reasons.add(p + "docker " + sub);
                return Risk.MEDIUM;
            }
            return high(reasons, p + "docker " + sub);
        }
        if (name.equals("chmod") || name.equals("chown") || name.equals("chgrp")) {
            if (argv.contains("-R") || argv.contains("--recursive")) return high(reasons, p + "recursive " + name);
            reasons.add(p + name);
            return Risk.MEDIUM;
        }
        if (name.equals("journalctl") || READ_ONLY.contains(name)) return Risk.LOW;
        reasons.add(p + "runs " + name);
        return Risk.MEDIUM;
    }

    /**
     * Mail leaves the fleet and cannot be recalled: never low. Many recipients (a mass mailing), a body that
     * carries links or attachment-like payloads, or one longer than the approval message shows is high; the
     * secrets pattern above already caught credentials.
     */
    private static Risk mail(ProposedAction.Mail a, List<String> reasons, String p) {
        int n = a.recipients();
        if (n > MAIL_MANY_RECIPIENTS) return high(reasons, p + "mail to " + n + " recipients");
        if (LINK.matcher(a.body()).find()) return high(reasons, p + "mail body contains a link");
        if (a.body().length() > ProposedAction.Mail.PREVIEW) {
            return high(reasons, p + "mail body is " + a.body().length() + " chars; approval messages show only the first " + ProposedAction.Mail.PREVIEW);
        }
        reasons.add(p + "sends mail to " + n + (n == 1 ? " recipient" : " recipients"));
        return Risk.MEDIUM;
    }

    private static Risk high(List<String> reasons, String reason) {
        reasons.add(reason);
        return Risk.HIGH;
    }
}
