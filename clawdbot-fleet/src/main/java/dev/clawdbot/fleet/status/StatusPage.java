package dev.clawdbot.fleet.status;

import dev.clawdbot.core.text.HtmlText;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The public status page: server-rendered HTML with no script, one row per public monitor with its state,
 * uptime and a response-time sparkline as inline SVG. Every text is escaped; the only text that comes from
 * outside (a failing check's cause) is also clipped to 200 characters.
 */
public final class StatusPage {
    /** The CSP sent with the page: no script at all, inline styles only, nothing loaded from elsewhere. */
    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    /**
     * One monitor on the page.
     *
     * @param latenciesMs the latest checks' response times, oldest first (failed checks as -1)
     */
    public record Row(String name, String state, Double uptimeDay, Double uptimeMonth, String cause, List<Long> latenciesMs) { }

    private StatusPage() {
    }

    public static String render(String title, List<Row> rows, Instant now) {
        StringBuilder b = new StringBuilder(4096);
        boolean allUp = rows.stream().allMatch(r -> r.state().equals("UP") || r.state().equals("MAINTENANCE"));
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(HtmlText.escape(title)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append("table{width:100%;border-collapse:collapse}td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}")
                .append(".UP{color:#1a7f37}.DOWN{color:#cf222e}.MAINTENANCE{color:#9a6700}.PENDING{color:#666}")
                .append(".cause{font-size:.85rem;color:#555}.warning{color:#9a6700}</style></head><body>")
                .append("<h1>").append(HtmlText.escape(title)).append("</h1>")
                .append("<p id=\"summary\" class=\"").append(allUp ? "UP" : "DOWN").append("\">")
                .append(rows.isEmpty() ? "No public monitors." : allUp ? "All systems operational." : "Some systems are down.")
                .append("</p><table><thead><tr><th>Service</th><th>Status</th><th>24 h</th><th>30 d</th><th>Response time</th></tr></thead><tbody>");
        for (Row r : rows) {
            b.append("<tr data-monitor=\"").append(HtmlText.escape(r.name())).append("\"><td>").append(HtmlText.escape(r.name())).append("</td>")
                    .append("<td class=\"state ").append(HtmlText.escape(r.state())).append("\">").append(HtmlText.escape(r.state()));
            if (r.cause() != null && r.state().equals("DOWN")) {
                b.append("<div class=\"cause\">").append(HtmlText.escape(clip(r.cause()))).append("</div>");
            } else if (r.cause() != null && r.state().equals("UP")) {
                b.append("<div class=\"cause warning\">Warning: ").append(HtmlText.escape(clip(r.cause()))).append("</div>");
            }
            b.append("</td><td>").append(pct(r.uptimeDay())).append("</td><td>").append(pct(r.uptimeMonth())).append("</td><td>")
                    .append(sparkline(r.latenciesMs())).append("</td></tr>");
        }
        b.append("</tbody></table><p class=\"cause\">Updated ").append(HtmlText.escape(now.toString())).append("</p></body></html>");
        return b.toString();
    }

    /** A 120×24 polyline of the response times, scaled to the largest; failed checks drop to the bottom in red. */
    static String sparkline(List<Long> ms) {
        if (ms.isEmpty()) return "<span class=\"cause\">no checks yet</span>";
        long max = Math.max(1, ms.stream().mapToLong(Long::longValue).max().orElse(1));
        double step = ms.size() == 1 ? 0 : 120.0 / (ms.size() - 1);
        StringBuilder points = new StringBuilder();
        StringBuilder fails = new StringBuilder();
        for (int i = 0; i < ms.size(); i++) {
            double x = i * step;
            long v = ms.get(i);
            double y = v < 0 ? 23 : 23 - 22.0 * v / max;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            if (v < 0) fails.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"23\" r=\"1.5\" fill=\"#cf222e\"/>", x));
        }
        return "<svg class=\"sparkline\" width=\"120\" height=\"24\" viewBox=\"0 0 120 24\" role=\"img\" aria-label=\"response time, max "
                + max + " ms\"><polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\" points=\"" + points.toString().strip()
                + "\"/>" + fails + "</svg>";
    }

    private static String pct(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.2f%%", d);
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
