package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SearchToolsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path ws;
    ToolContext ctx;

    @BeforeEach
    void setUp() {
        ctx = new ToolContext("agent", "s", new Caller("telegram", "42", null), ws, Duration.ofMinutes(1));
    }

    ToolResult grep(String... kv) throws Exception {
        ObjectNode in = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) in.put(kv[i], kv[i + 1]);
        return SearchTools.all().get(1).invoke(in, ctx);
    }

    ToolResult glob(String pattern) throws Exception {
        return SearchTools.all().get(0).invoke(JSON.createObjectNode().put("pattern", pattern), ctx);
    }

    /** The reproduction from issue 11: with java.util.regex this never returned and ignored interrupts. */
    @Test
    void catastrophicPatternOnA74CharLineReturnsWithinASecond() throws Exception {
        Files.writeString(ws.resolve("hostile.txt"), "a".repeat(40) + "b".repeat(34) + "\n");
        grep("pattern", "x"); // class loading is not what is bounded here
        ToolResult r = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> grep("pattern", "(.*a){25}$"));
        assertThat(r.isError()).isFalse();
        assertThat(r.content()).isEqualTo("(no matches)");
        assertThat(grep("pattern", "(.*a){25}").content()).isEqualTo("hostile.txt:1: " + "a".repeat(40) + "b".repeat(34));
    }

    @Test
    void polynomialGlobOnALongNameReturnsWithinASecond() throws Exception {
        Files.writeString(ws.resolve("a".repeat(250)), "x");
        glob("*");
        ToolResult r = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> glob("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"));
        assertThat(r.content()).isEqualTo("(no matches)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(a)\\1|grep: invalid regex (RE2 syntax: backreferences, lookaround, possessive quantifiers and atomic groups are not supported): invalid escape sequence: `\\1`",
            "(?=x)y|grep: invalid regex (RE2 syntax: backreferences, lookaround, possessive quantifiers and atomic groups are not supported): invalid or unsupported Perl syntax: `(?=`",
            "x*+|grep: invalid regex (RE2 syntax: backreferences, lookaround, possessive quantifiers and atomic groups are not supported): invalid nested repetition operator: `*+`",
            "((a{1000}){1000}){1000}|grep: regex too large: counted repetition expands to about 1000000000 steps (at most 20000)",
    })
    void unsupportedOrExplosivePatternsAreClearErrors(String pattern, String error) throws Exception {
        Files.writeString(ws.resolve("f.txt"), "aaa\n");
        ToolResult r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> grep("pattern", pattern));
        assertThat(r.isError()).isTrue();
        assertThat(r.content()).isEqualTo(error);
    }

    @Test
    void overlongPatternIsRefused() throws Exception {
        assertThat(grep("pattern", "a".repeat(1001)).content()).isEqualTo("grep: regex longer than 1000 characters");
    }

    @Test
    void longLinesAreMatchedOnlyInTheirFirst8KiBAndShownCut() throws Exception {
        Files.writeString(ws.resolve("min.js"), "x".repeat(SearchTools.MAX_LINE) + "NEEDLE\nshort NEEDLE\n");
        assertThat(grep("pattern", "NEEDLE").content()).isEqualTo("min.js:2: short NEEDLE");
        assertThat(grep("pattern", "^x+").content()).isEqualTo("min.js:1: " + "x".repeat(300) + "...");
    }

    @Test
    void outputIsBoundedInMatchesAndBytes() throws Exception {
        Files.writeString(ws.resolve("many.txt"), "hit\n".repeat(2_000));
        String r = grep("pattern", "hit").content();
        assertThat(r.lines().count()).isEqualTo(SearchTools.MAX_RESULTS + 1);
        assertThat(r).endsWith("[stopped at 500 matches]");
        Files.delete(ws.resolve("many.txt"));
        Files.writeString(ws.resolve("wide.txt"), ("hit" + "y".repeat(400) + "\n").repeat(400));
        String wide = grep("pattern", "hit").content();
        assertThat(wide.length()).isLessThan(SearchTools.MAX_OUTPUT + 400);
        assertThat(wide).endsWith("[stopped at 64 KB of output]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "**.py|src/a.py,src/pkg/b.py",
            "src/*.py|src/a.py",
            "**/*.{py,md}|src/a.py,src/pkg/b.py",
            "src/?.py|src/a.py",
            "src/[!b].py|src/a.py",
            "*.md|notes.md",
    })
    void globsKeepTheirMeaning(String pattern, String expected) throws Exception {
        Files.createDirectories(ws.resolve("src/pkg"));
        for (String f : new String[]{"src/a.py", "src/pkg/b.py", "notes.md"}) Files.writeString(ws.resolve(f), "x");
        assertThat(glob(pattern).content().lines().toList()).containsExactlyInAnyOrder(expected.split(","));
    }

    @Test
    void aRunningSearchStopsWhenItsThreadIsInterrupted() throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) Files.writeString(ws.resolve("f" + i + ".txt"), "line\n".repeat(20_000));
        ToolResult[] out = new ToolResult[1];
        Thread t = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            try {
                out[0] = grep("pattern", "zzz");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.join(Duration.ofSeconds(30));
        assertThat(out[0].content()).isEqualTo("grep: search interrupted");
    }
}
