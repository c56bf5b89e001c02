package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.TelegramConfig.ParseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramFormatTest {
    final TelegramFormat html = new TelegramFormat(ParseMode.HTML);
    final TelegramFormat v2 = new TelegramFormat(ParseMode.MARKDOWN_V2);

    @Test
    void convertsMarkdownToTelegramHtmlAndEscapesEverythingElse() {
        assertThat(html.render("**bold** _it_ `a<b>&c` ~~gone~~ [site](https://x.org/?a=1&b=2) 1 < 2 & 3 > 2"))
                .containsExactly("<b>bold</b> <i>it</i> <code>a&lt;b&gt;&amp;c</code> <s>gone</s> "
                        + "<a href=\"https://x.org/?a=1&amp;b=2\">site</a> 1 &lt; 2 &amp; 3 &gt; 2");
        assertThat(html.render("# Title\n- item\n\n```java\nif (a < b) {}\n```"))
                .containsExactly("<b>Title</b>\n• item\n\n<pre><code class=\"language-java\">if (a &lt; b) {}</code></pre>");
        assertThat(html.render("snake_case_name and <script>")).containsExactly("snake_case_name and &lt;script&gt;");
        assertThat(html.render("[bad](javascript:alert(1))")).allSatisfy(s -> assertThat(s).doesNotContain("<a "));
    }

    @Test
    void escapesMarkdownV2() {
        assertThat(v2.render("Price: 1.5 (approx) - **ok**! `x_y`"))
                .containsExactly("Price: 1\\.5 \\(approx\\) \\- *ok*\\! `x_y`");
        assertThat(TelegramFormat.escapeV2("_*[]()~`>#+-=|{}.!\\")).isEqualTo("\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\");
        assertThat(v2.render("```\na`b\\c\n```")).containsExactly("```\na\\`b\\\\c\n```");
    }

    /** Seeded random documents: every chunk fits, HTML stays balanced, and no text is lost. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void splitsWithinTheLimitWithoutBreakingEntities(long seed) {
        Random r = new Random(seed);
        StringBuilder md = new StringBuilder();
        String[] words = {"alpha", "**bold words**", "_ital_", "`co<de>`", "a&b", "x<y", "[l](https://e.org)", "plain"};
        int blocks = 5 + r.nextInt(30);
        for (int b = 0; b < blocks; b++) {
            if (r.nextInt(5) == 0) {
                md.append("```\n");
                int lines = 1 + r.nextInt(400);
                for (int l = 0; l < lines; l++) md.append("line ").append(l).append(" <&> ").append("z".repeat(r.nextInt(60))).append('\n');
                md.append("```\n\n");
            } else {
                int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 2000 : 80);
                for (int w = 0; w < n; w++) md.append(words[r.nextInt(words.length)]).append(r.nextInt(12) == 0 ? "\n" : " ");
                md.append("\n\n");
            }
        }
        List<String> chunks = new TelegramFormat(ParseMode.HTML, 1000).render(md.toString());
        for (String c : chunks) {
            assertThat(c.length()).isLessThanOrEqualTo(1000);
            assertThat(balanced(c)).as(c).isTrue();
        }
        String visible = String.join(" ", chunks).replaceAll("<[^>]+>", "").replaceAll("\\s+", "");
        assertThat(visible).contains("line0").contains("alpha".substring(0, 1));
        long expectedLines = md.toString().lines().filter(l -> l.startsWith("line ")).count();
        long renderedLines = String.join("\n", chunks).lines().filter(l -> l.replaceAll("<[^>]+>", "").startsWith("line ")).count();
        assertThat(renderedLines).isEqualTo(expectedLines);
    }

    @Test
    void aSingleHugeWordIsCutHard() {
        List<String> chunks = new TelegramFormat(ParseMode.HTML, 100).render("&".repeat(450));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.length()).isLessThanOrEqualTo(100);
            assertThat(c).matches("(&amp;)+");
        });
        assertThat(String.join("", chunks).replace("&amp;", "&")).hasSize(450);
    }

    static boolean balanced(String html) {
        java.util.Deque<String> open = new java.util.ArrayDeque<>();
        var m = java.util.regex.Pattern.compile("<(/?)([a-z]+)[^>]*>").matcher(html);
        while (m.find()) {
            if (m.group(1).isEmpty()) open.push(m.group(2));
            else if (open.isEmpty() || !open.pop().equals(m.group(2))) return false;
        }
        String text = html.replaceAll("<[^>]+>", "");
        return open.isEmpty() && !text.contains("<") && !text.replaceAll("&(amp|lt|gt|quot);", "").contains("&");
    }

    /**
     * Model output rendered with RE2/J: lines that make the bullet, heading and link patterns retry (long white-space
     * runs with no item after them, a link with no end), each just under one message so only the per-line patterns run.
     */
    @org.junit.jupiter.api.Test
    void hostileModelOutputRendersQuickly() {
        List<String> hostile = List.of(" ".repeat(4_000) + "x", "- " + " \t".repeat(1_990) + "\r", "#".repeat(6) + " \t".repeat(1_990),
                "[a](https://" + "a".repeat(4_000) + " ");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            for (TelegramFormat f : List.of(html, v2)) {
                for (String text : hostile) assertThat(f.render(text)).isNotEmpty();
            }
        });
    }
}
