package dev.clawdbot.siem.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code siem.journal:} — the systemd journal as a source, read with {@code journalctl -o json --follow}.
 *
 * @param enabled follow the journal; default: when journald runs ({@code /run/systemd/journal} exists) and
 *                rsyslog does not write {@code /var/log/auth.log} (otherwise the same lines would be analysed twice)
 * @param command the argv that runs journalctl, before the options Clawdbot adds (default {@code [journalctl]};
 *                for example {@code [journalctl, --directory=/var/log/journal, --unit=ssh.service]})
 */
public record JournalConfig(Boolean enabled, List<String> command) {

    public JournalConfig {
        command = command == null ? List.of("journalctl") : List.copyOf(command);
        if (command.isEmpty() || command.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("siem.journal.command: an argv of non-empty words, such as [journalctl]");
        }
    }

    public static JournalConfig defaults() {
        return new JournalConfig(null, null);
    }

    /** Whether to follow the journal on this host. */
    public boolean active() {
        if (enabled != null) return enabled;
        return Files.isDirectory(Path.of("/run/systemd/journal")) && !Files.exists(Path.of("/var/log/auth.log"));
    }
}
