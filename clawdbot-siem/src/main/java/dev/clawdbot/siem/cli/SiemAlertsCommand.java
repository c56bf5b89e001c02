package dev.clawdbot.siem.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.siem.AlertStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot siem alerts [--since 24h|INSTANT] [--level N] [--limit N]}: stored alerts, oldest first, one
 * Wazuh-shaped JSON object per line (what {@code alerts.json} holds on a Wazuh manager), for reading or forwarding.
 */
@Command(name = "alerts", description = "Print stored alerts as JSON lines in Wazuh's alert shape, oldest first.", mixinStandardHelpOptions = true)
final class SiemAlertsCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SiemCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h",
            description = "How far back: 90m, 24h, 7d, or an instant such as 2026-12-07T00:00:00Z (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--level", paramLabel = "N", defaultValue = "0", description = "Only alerts of at least this level.")
    int level;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10000", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Instant from;
        try {
            from = since(since, parent.clock().instant());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("siem alerts: " + e.getMessage());
            return 2;
        }
        List<AlertStore.StoredAlert> alerts;
        try (Opened<AlertStore> store = parent.store()) {
            alerts = store.get().query(from, level, Math.max(1, limit));
        }
        // stdout stays JSON lines only (it is piped into jq and the like), so "none" goes to stderr.
        if (alerts.isEmpty()) spec.commandLine().getErr().println("no alerts since " + from + (level > 0 ? " at level " + level + " or above" : ""));
        for (AlertStore.StoredAlert a : alerts) out.println(a.json());
        out.flush();
        return 0;
    }

    static Instant since(String text, Instant now) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.length() >= 2 && Character.isDigit(t.charAt(0))) {
            char unit = t.charAt(t.length() - 1);
            String digits = t.substring(0, t.length() - 1);
            if (digits.chars().allMatch(Character::isDigit) && "smhd".indexOf(unit) >= 0) {
                long n = Long.parseLong(digits);
                Duration d = switch (unit) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return now.minus(d);
            }
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since: '" + text + "' is neither a duration (90m, 24h, 7d) nor an instant (2026-12-07T00:00:00Z)");
        }
    }
}
