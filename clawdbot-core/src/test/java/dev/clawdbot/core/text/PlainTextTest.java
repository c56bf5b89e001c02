package dev.clawdbot.core.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The plain passes give exactly what the regex calls they replace give (the regex is the oracle here, in a test only). */
class PlainTextTest {

    private static final char[] ALPHABET = {'a', 'b', ' ', ' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u2003', '\u0000', '\u001F',
            '\u007F', '\u0085', 'é', '●'};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void splitWhitespaceMatchesTheRegexSplit(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            String s = random(r, r.nextInt(30));
            int limit = 1 + r.nextInt(7);
            assertThat(PlainText.splitWhitespace(s, limit)).as("%s / %d", s, limit).containsExactly(s.split("\\s+", limit));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void controlsToSpacesMatchesTheRegexReplacement(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            String s = random(r, r.nextInt(30));
            assertThat(PlainText.controlsToSpaces(s)).isEqualTo(s.replaceAll("\\p{Cntrl}", " "));
        }
    }

    @Test
    void edgeCases() {
        assertThat(PlainText.splitWhitespace("", 5)).containsExactly("");
        assertThat(PlainText.splitWhitespace(" a  b ", 5)).containsExactly("", "a", "b", "");
        assertThat(PlainText.splitWhitespace("a b c d e f", 5)).containsExactly("a", "b", "c", "d", "e f");
        assertThat(PlainText.controlsToSpaces("clean")).isSameAs("clean");
    }

    @Test
    void hostileInputCompletesQuickly() {
        String spaces = " \t".repeat(500_000) + "x";
        String controls = "\u0001a".repeat(500_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(PlainText.splitWhitespace(spaces, 5)).containsExactly("", "x");
            assertThat(PlainText.controlsToSpaces(controls)).hasSize(1_000_000);
        });
    }

    private static String random(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        return sb.toString();
    }
}
