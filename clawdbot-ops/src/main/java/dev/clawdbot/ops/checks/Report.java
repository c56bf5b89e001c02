package dev.clawdbot.ops.checks;

import dev.clawdbot.core.text.HtmlText;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A tier's report: findings ranked by severity, rendered as plain text and as HTML (for e-mail), and summarised
 * for the operator's chat (Telegram).
 */
public record Report(String tier, Instant at, List<Finding> findings, List<HostSection> hosts) {
    static final int SUMMARY_FINDINGS = 10;
    /** One finding's line (and the host name) at most; a message quoting a long error is cut with "…". */
    static final int SUMMARY_LINE_MAX = 280;
    /**
     * The summary's bound: host line ≤ 320, counts ≤ 80, 10 lines ≤ 2,810, "… and N more" ≤ 30, pointer ≤ 100.
     * It stays under the Telegram channel's 3,500-character cut, so the summary is never cut there.
     */
    static final int SUMMARY_MAX = 3400;

    public Report {
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** A report of this machine's checks only. */
    public Report(String tier, Instant at, List<Finding> findings) {
        this(tier, at, findings, List.of());
    }

    /** This machine's findings, then each managed host's. */
    public List<Finding> all() {
        return java.util.stream.Stream.concat(findings.stream(), hosts.stream().flatMap(h -> h.findings().stream())).toList();
    }

    public Finding.Severity worst() {
        return all().stream().map(Finding::severity).min(Comparator.naturalOrder()).orElse(Finding.Severity.INFO);
    }

    public String subject() {
        long problems = all().stream().filter(f -> f.severity() != Finding.Severity.INFO).count();
        return "Clawdbot " + tier + " maintenance: " + (problems == 0 ? "all clear" : problems + " finding" + (problems == 1 ? "" : "s"));
    }

    public String text() {
        StringBuilder b = new StringBuilder(subject()).append('\n').append("at ").append(at).append("\n\n");
        if (findings.isEmpty()) b.append("Nothing to report.\n");
        lines(b, findings);
        for (HostSection h : hosts) {
            b.append("\n== host ").append(h.host()).append(" ==\n");
            if (h.findings().isEmpty()) b.append("Nothing to report.\n");
            lines(b, h.findings());
        }
        return b.toString();
    }

    private static void lines(StringBuilder b, List<Finding> findings) {
        for (Finding f : findings) {
            b.append(f.severity()).append("  ").append(f.check());
            if (!f.subject().isEmpty()) b.append(' ').append(f.subject());
            b.append(": ").append(f.message()).append('\n');
            if (!f.fix().isEmpty()) b.append("    fix: ").append(f.fix()).append('\n');
        }
    }

    /**
     * The chat form: host and time, counts per severity, the first {@value #SUMMARY_FINDINGS} findings in rank order
     * (one line each, with its fix), and where the full report is. Plain text, one line per finding (newlines in
     * a finding become spaces); the channel makes hidden characters visible. At most {@value #SUMMARY_MAX} characters.
     */
    public String summary(String host, Instant scheduledFor) {
        List<Finding> findings = hosts.isEmpty() ? this.findings : java.util.stream.Stream.concat(this.findings.stream(),
                hosts.stream().flatMap(h -> h.findings().stream().map(f -> new Finding(f.severity(), "host " + h.host() + " " + f.check(),
                        f.subject(), f.message(), f.fix())))).sorted(Comparator.comparing(Finding::severity)).toList();
        StringBuilder b = new StringBuilder("host ").append(cut(host)).append(" · ").append(at).append('\n');
        for (Finding.Severity s : Finding.Severity.values()) {
            long n = findings.stream().filter(f -> f.severity() == s).count();
            b.append(n).append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT)).append(s == Finding.Severity.INFO ? "\n" : " · ");
        }
        b.append(findings.isEmpty() ? "\nNothing to report.\n" : "\n");
        int shown = Math.min(findings.size(), SUMMARY_FINDINGS);
        for (Finding f : findings.subList(0, shown)) {
            b.append(cut(f.severity() + " " + f.check() + (f.subject().isEmpty() ? "" : " " + f.subject()) + ": " + f.message()
                    + (f.fix().isEmpty() ? "" : " → fix: " + f.fix()))).append('\n');
        }
        if (shown < findings.size()) b.append("… and ").append(findings.size() - shown).append(" more\n");
        return b.append("\nFull report: clawdbot ops runs ").append(tier).append(" (run scheduled for ").append(scheduledFor)
                .append(')').toString();
    }

    private static String cut(String line) {
        String one = oneLine(line);
        if (one.length() <= SUMMARY_LINE_MAX) return one;
        int end = SUMMARY_LINE_MAX - 1;
        if (Character.isHighSurrogate(one.charAt(end - 1))) end--; // never half a surrogate pair
        return one.substring(0, end) + "…";
    }

    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** A self-contained HTML page; every value is escaped (findings quote mount points and error messages). */
    public String html() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(HtmlText.escape(subject())).append("</title></head>\n<body>\n<h1>").append(HtmlText.escape(subject()))
                .append("</h1>\n<p>at ").append(HtmlText.escape(at.toString())).append("</p>\n");
        table(b, findings);
        for (HostSection h : hosts) {
            b.append("<h2>host ").append(HtmlText.escape(h.host())).append("</h2>\n");
            table(b, h.findings());
        }
        return b.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder b, List<Finding> findings) {
        if (findings.isEmpty()) {
            b.append("<p>Nothing to report.</p>\n");
            return;
        }
        b.append("<table>\n<tr><th>severity</th><th>check</th><th>subject</th><th>finding</th><th>suggested fix</th></tr>\n");
        for (Finding f : findings) {
            b.append("<tr><td>").append(f.severity()).append("</td><td>").append(HtmlText.escape(f.check()))
                    .append("</td><td>").append(HtmlText.escape(f.subject())).append("</td><td>").append(HtmlText.escape(f.message()))
                    .append("</td><td>").append(HtmlText.escape(f.fix())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }
}
