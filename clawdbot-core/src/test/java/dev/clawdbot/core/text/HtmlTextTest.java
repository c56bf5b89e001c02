package dev.clawdbot.core.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class HtmlTextTest {
    private static final int PAGE = 256 * 1024;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void blocksBecomeLinesScriptsAndCommentsGoEntitiesAreDecoded() {
        HtmlText.Page p = HtmlText.page("<html><head><title>Hello &amp;\n welcome</title><style>p{}</style><script>alert('x')</script></head>"
                + "<body><h1>Heading</h1><p>First&nbsp;para &lt;b&gt; &#233;t&#xE9;</p><!-- hidden --><ul><li>one</li><li>two</li></ul>"
                + "<noscript>no</noscript>tail <b>bold</b>  text<br>next</body></html>");
        assertThat(p.title()).isEqualTo("Hello & welcome");
        assertThat(p.text()).isEqualTo("Heading\n\nFirst para <b> été\n\none\n\ntwo\n\ntail bold text\nnext");
    }

    @Test
    void plainTextAndFragmentsPassThrough() {
        assertThat(HtmlText.text("just words")).isEqualTo("just words");
        assertThat(HtmlText.text("")).isEmpty();
        assertThat(HtmlText.page("<p>x</p>").title()).isEmpty();
    }

    /**
     * Pages built to make a backtracking stripper quadratic or worse: the regex strippers took 49 s on the first
     * one. Each must convert in well under a second of CPU (measured warm on the 2-core dev machine: 10-200 ms;
     * 52,000 nested {@code <div>}s are the slowest).
     */
    @ParameterizedTest
    @ValueSource(strings = {"<script>x", "<!--x", "<a href='", "<b>", "<div>", "<table><tr><td>", "<i><b><u>", "&#x", "<title>",
            "</p>", "<style>", "<svg><math>", "<select><option>"})
    void hostilePagesConvertInWellUnderASecond(String unit) {
        String page = unit.repeat(PAGE / unit.length());
        HtmlText.text(page); // JIT warm-up: the bound is on steady-state work, not class loading
        // CPU time of the converting thread, so that a loaded CI machine does not fail it; the wall-clock bound
        // only catches a hang (the regex strippers took 49 s of CPU on the first page).
        long cpuNanos = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long c0 = CPU.getCurrentThreadCpuTime();
            HtmlText.Page p = HtmlText.page(page);
            assertThat(p.text().length()).isLessThanOrEqualTo(PAGE);
            return CPU.getCurrentThreadCpuTime() - c0;
        });
        assertThat(Duration.ofNanos(cpuNanos)).isLessThan(Duration.ofSeconds(1));
    }
}
