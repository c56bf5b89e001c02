package dev.clawdbot.fleet.status;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPageTest {
    @Test
    void sparklineScalesToTheLargestAndMarksFailures() {
        assertThat(StatusPage.sparkline(List.of(10L, 20L, -1L)))
                .contains("points=\"0.0,12.0 60.0,1.0 120.0,23.0\"")
                .contains("<circle cx=\"120.0\" cy=\"23\"")
                .contains("aria-label=\"response time, max 20 ms\"");
        assertThat(StatusPage.sparkline(List.of())).contains("no checks yet");
    }

    @Test
    void everyTextIsEscaped() {
        String html = StatusPage.render("A <b>&</b> \"q\"", List.of(new StatusPage.Row("web", "DOWN", 50.0, null,
                "body said <script>alert('x')</script>", List.of(5L))), Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(html).contains("<title>A &lt;b&gt;&amp;&lt;/b&gt; &quot;q&quot;</title>")
                .contains("body said &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script").contains("50.00%").contains("<td>–</td>");
    }

    @Test
    void anUpMonitorWithAWarningStaysOperationalAndShowsTheWarning() {
        String html = StatusPage.render("s", List.of(new StatusPage.Row("cert", "UP", 100.0, 100.0,
                "certificate expires in 4 days (2026-12-12T00:00:00Z), warning at 14", List.of(5L))), Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(html).contains("All systems operational.")
                .contains("<div class=\"cause warning\">Warning: certificate expires in 4 days (2026-12-12T00:00:00Z), warning at 14</div>");
    }
}
