package dev.clawdbot.siem.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic sshd/CRON auth log, the input of the rule-engine benchmarks (the side-by-side test against
 * fail2ban-regex and clawdbot-bench): 35 % {@code Failed password}, 20 % {@code Invalid user}, 5 %
 * {@code Accepted publickey}, 20 % {@code Connection closed}, 20 % CRON PAM sessions; 60 failing hosts.
 */
public final class SshdSampleLog {

    private SshdSampleLog() {
    }

    /** {@code lines} lines, the same ones for the same {@code seed}. */
    public static List<String> lines(int lines, long seed) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>(lines);
        String[] users = {"root", "admin", "oracle", "test", "ubuntu", "pi", "git"};
        for (int n = 0; n < lines; n++) {
            String ts = "Dec  7 %02d:%02d:%02d".formatted(10 + (n / 3600) % 10, (n / 60) % 60, n % 60);
            String bad = (rnd.nextBoolean() ? "203.0.113." : "198.51.100.") + (1 + rnd.nextInt(30));
            String good = "192.0.2." + (1 + rnd.nextInt(10));
            int pid = 1000 + n % 5000;
            int port = 30000 + n % 30000;
            double r = rnd.nextDouble();
            if (r < 0.35) out.add(ts + " web1 sshd[" + pid + "]: Failed password for " + users[rnd.nextInt(users.length)] + " from " + bad + " port " + port + " ssh2");
            else if (r < 0.55) out.add(ts + " web1 sshd[" + pid + "]: Invalid user " + users[rnd.nextInt(users.length)] + " from " + bad + " port " + port);
            else if (r < 0.60) out.add(ts + " web1 sshd[" + pid + "]: Accepted publickey for alice from " + good + " port " + port + " ssh2: ED25519 SHA256:q0bvPZ9o");
            else if (r < 0.80) out.add(ts + " web1 sshd[" + pid + "]: Connection closed by " + good + " port " + port + " [preauth]");
            else out.add(ts + " web1 CRON[" + pid + "]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)");
        }
        return out;
    }
}
