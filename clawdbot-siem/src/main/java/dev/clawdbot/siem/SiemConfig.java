package dev.clawdbot.siem;

import dev.clawdbot.siem.digest.DigestConfig;
import dev.clawdbot.siem.fim.FimConfig;
import dev.clawdbot.siem.journal.JournalConfig;
import dev.clawdbot.siem.syslog.SyslogConfig;
import dev.clawdbot.siem.response.ResponseConfig;

import java.util.List;

/**
 * {@code siem:} — the security monitoring role. Works with no section at all: the shipped ruleset, the usual
 * Debian log files (those that exist; missing ones are picked up when they appear), Clawdbot's own events,
 * alerts from level 3 stored, level 10 and above sent to the operator.
 *
 * @param enabled     run the role in {@code clawdbot serve} (default true)
 * @param rulesets    directories of Wazuh-format decoders and rules loaded after the shipped ones
 * @param files       text log files to follow
 * @param alertLevel  lowest rule level stored as an alert (Wazuh's {@code log_alert_level}), 1..16
 * @param notifyLevel lowest level sent to the operator at once, 1..16
 * @param queueSize   lines held between the readers and the rule engine; beyond it lines are dropped, counted and alerted
 * @param pollMillis  how often files are checked for new lines, rotation and truncation, 50..60000
 * @param ownEvents   analyse Clawdbot's own events in-process (default true)
 * @param response    active response: which alerts block their source, and how (default dry-run)
 * @param fim         file integrity monitoring (default on: the config directory, /etc/ssh, sudoers, systemd units, cron, /usr/local/bin)
 * @param journal     the systemd journal as a source (default: on where journald runs and rsyslog does not write auth.log)
 * @param syslog      a syslog listener, UDP and TCP (default off; loopback when on)
 * @param digest      the daily security digest to the operator (default on, 07:00 local time)
 */
public record SiemConfig(Boolean enabled, List<String> rulesets, List<String> files, Integer alertLevel, Integer notifyLevel,
                         Integer queueSize, Integer pollMillis, Boolean ownEvents, ResponseConfig response,
                         FimConfig fim, JournalConfig journal, SyslogConfig syslog, DigestConfig digest) {

    public static final List<String> DEFAULT_FILES = List.of("/var/log/auth.log", "/var/log/syslog", "/var/log/kern.log",
            "/var/log/nginx/access.log", "/var/log/apache2/access.log", "/var/log/fail2ban.log");

    public SiemConfig {
        enabled = enabled == null || enabled;
        rulesets = rulesets == null ? List.of() : List.copyOf(rulesets);
        files = files == null ? DEFAULT_FILES : List.copyOf(files);
        alertLevel = alertLevel == null ? 3 : alertLevel;
        notifyLevel = notifyLevel == null ? 10 : notifyLevel;
        queueSize = queueSize == null ? 10_000 : queueSize;
        pollMillis = pollMillis == null ? 500 : pollMillis;
        ownEvents = ownEvents == null || ownEvents;
        response = response == null ? ResponseConfig.defaults() : response;
        fim = fim == null ? FimConfig.defaults() : fim;
        journal = journal == null ? JournalConfig.defaults() : journal;
        syslog = syslog == null ? SyslogConfig.defaults() : syslog;
        digest = digest == null ? DigestConfig.defaults() : digest;
        if (alertLevel < 1 || alertLevel > 16) throw new IllegalArgumentException("siem.alertLevel must be 1..16, was " + alertLevel);
        if (notifyLevel < 1 || notifyLevel > 16) throw new IllegalArgumentException("siem.notifyLevel must be 1..16, was " + notifyLevel);
        if (queueSize < 16 || queueSize > 10_000_000) throw new IllegalArgumentException("siem.queueSize must be 16..10000000, was " + queueSize);
        if (pollMillis < 50 || pollMillis > 60_000) throw new IllegalArgumentException("siem.pollMillis must be 50..60000, was " + pollMillis);
        for (String f : files) if (f == null || f.isBlank()) throw new IllegalArgumentException("siem.files: empty path");
        for (String r : rulesets) if (r == null || r.isBlank()) throw new IllegalArgumentException("siem.rulesets: empty path");
    }

    public SiemConfig(Boolean enabled, List<String> rulesets, List<String> files, Integer alertLevel, Integer notifyLevel,
                      Integer queueSize, Integer pollMillis, Boolean ownEvents, ResponseConfig response) {
        this(enabled, rulesets, files, alertLevel, notifyLevel, queueSize, pollMillis, ownEvents, response, null, null, null, null);
    }

    public static SiemConfig defaults() {
        return new SiemConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
