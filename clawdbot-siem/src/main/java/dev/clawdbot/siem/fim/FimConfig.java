package dev.clawdbot.siem.fim;

import java.util.List;

/**
 * {@code siem.fim:} — file integrity monitoring. Works with no section: Clawdbot's config directory and the usual
 * places an intruder changes ({@code /etc/ssh}, sudoers, systemd units, cron, {@code /usr/local/bin}).
 *
 * @param enabled        run file integrity monitoring inside the siem role (default true)
 * @param paths          files and directories watched, recursively; the last segment may be a glob
 *                       ({@code /etc/cron*}); {@code @config} is Clawdbot's config directory
 * @param ignore         globs never reported: with a {@code /} matched against the whole path ({@code **} crosses
 *                       directories, {@code *} does not), without one against the file name
 * @param diff           globs of text files whose changes carry a unified diff (secrets redacted)
 * @param scanMinutes    minutes between full scans, 1..10080 (default 720, Wazuh's 12 h); inotify covers the time between
 * @param burstThreshold more changes than this in one batch become one summarised alert (default 50)
 * @param maxFiles       most entries held in the baseline, 1000..10000000 (default 200000); beyond it new files are
 *                       not monitored and one {@code siem.fim.limit} event says so
 * @param quietMillis    a batch of real-time changes is examined after this long without a change, 50..60000 (default 1000);
 *                       at most 30 s after its first change
 */
public record FimConfig(Boolean enabled, List<String> paths, List<String> ignore, List<String> diff, Integer scanMinutes,
                        Integer burstThreshold, Integer maxFiles, Integer quietMillis) {

    public static final String CONFIG_DIR = "@config";
    public static final List<String> DEFAULT_PATHS = List.of(CONFIG_DIR, "/etc/ssh", "/etc/sudoers*", "/etc/systemd/system",
            "/etc/cron*", "/usr/local/bin");
    public static final List<String> DEFAULT_IGNORE = List.of("*.swp", "*.swx", "*~", ".#*", "4913");
    public static final List<String> DEFAULT_DIFF = List.of("/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/*", "/etc/sudoers",
            "/etc/sudoers.d/*", "/etc/crontab", "/etc/cron.d/*", "/etc/systemd/system/*.service", "/etc/systemd/system/*.timer");

    public FimConfig {
        enabled = enabled == null || enabled;
        paths = paths == null ? DEFAULT_PATHS : List.copyOf(paths);
        ignore = ignore == null ? DEFAULT_IGNORE : List.copyOf(ignore);
        diff = diff == null ? DEFAULT_DIFF : List.copyOf(diff);
        scanMinutes = scanMinutes == null ? 720 : scanMinutes;
        burstThreshold = burstThreshold == null ? 50 : burstThreshold;
        maxFiles = maxFiles == null ? 200_000 : maxFiles;
        quietMillis = quietMillis == null ? 1000 : quietMillis;
        for (String p : paths) {
            if (p == null || p.isBlank()) throw new IllegalArgumentException("siem.fim.paths: empty path");
            if (!p.equals(CONFIG_DIR) && !p.startsWith("/")) throw new IllegalArgumentException("siem.fim.paths: '" + p + "' is not absolute");
            if (Glob.hasWildcard(p.substring(0, Math.max(0, p.lastIndexOf('/'))))) {
                throw new IllegalArgumentException("siem.fim.paths: '" + p + "': only the last segment may be a glob");
            }
        }
        for (String g : ignore) Glob.compile("siem.fim.ignore", g);
        for (String g : diff) Glob.compile("siem.fim.diff", g);
        if (scanMinutes < 1 || scanMinutes > 10_080) throw new IllegalArgumentException("siem.fim.scanMinutes must be 1..10080, was " + scanMinutes);
        if (burstThreshold < 1 || burstThreshold > 100_000) throw new IllegalArgumentException("siem.fim.burstThreshold must be 1..100000, was " + burstThreshold);
        if (maxFiles < 1000 || maxFiles > 10_000_000) throw new IllegalArgumentException("siem.fim.maxFiles must be 1000..10000000, was " + maxFiles);
        if (quietMillis < 50 || quietMillis > 60_000) throw new IllegalArgumentException("siem.fim.quietMillis must be 50..60000, was " + quietMillis);
    }

    public static FimConfig defaults() {
        return new FimConfig(null, null, null, null, null, null, null, null);
    }
}
