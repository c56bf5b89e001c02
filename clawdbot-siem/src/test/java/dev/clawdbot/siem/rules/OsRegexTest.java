package dev.clawdbot.siem.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OsRegexTest {

    private static List<String> groups(String pattern, String input) {
        TextPattern.Found f = TextPattern.compile("osregex", pattern, false).find(input);
        return f == null ? null : f.groups();
    }

    private static boolean matches(String pattern, String input) {
        return OsRegex.compile(pattern).find(input) != null;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\\w+|a-b@c_d|true", "^\\w+$|a b|false", "^\\d+$|123|true", "^\\d+$|12a|false",
            "a\\sb|a b|true", "a\\sb|a\tb|false", "a\\tb|a\tb|true", 
            "^\\W+$|  !!|true", "^\\D+$|abc|true", "^\\S+$|abc|true", "^\\S+$|a c|false", "^a\\.c$|a\u00e9c|true",
            "^\\d*x|x|true", "^ab*|ab*|true"})
    void classes(String pattern, String input, boolean expected) {
        assertThat(matches(pattern, input)).as(pattern + " on " + input).isEqualTo(expected);
    }

    @Test
    void caseInsensitiveLiterals() {
        assertThat(matches("^failed password", "FAILED Password for root")).isTrue();
    }

    @Test
    void anchors() {
        assertThat(matches("^abc", "xabc")).isFalse();
        assertThat(matches("abc$", "abcx")).isFalse();
        assertThat(matches("abc$", "xxabc")).isTrue();
        assertThat(matches("^abc$", "abc")).isTrue();
    }

    @Test
    void alternativesAreTriedInOrderAndEachHasItsOwnAnchors() {
        assertThat(groups("^foo (\\d+)|bar (\\w+)$", "xx bar baz")).containsExactly("baz");
        assertThat(groups("^foo (\\d+)|bar (\\w+)$", "foo 12 bar baz")).containsExactly("12");
        assertThat(matches("^a|b$", "cba")).isFalse();
        assertThat(matches("^\\p+$", "()*+,-.:;<=>?[]!\"'#$%&|{}")).isTrue();
    }

    @Test
    void escapes() {
        assertThat(groups("^\\(x\\) \\$(\\d+)\\|", "(x) $42|")).containsExactly("42");
        assertThat(matches("a\\\\b", "a\\b")).isTrue();
        assertThatThrownBy(() -> OsRegex.compile("a\\qb")).hasMessageContaining("\\q");
        assertThatThrownBy(() -> OsRegex.compile("(a")).hasMessageContaining("unbalanced");
    }

    @Test
    void sshdCapturesLikeWazuh() {
        String log = "Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2";
        assertThat(groups("^Failed \\S+ for invalid user (\\S+) from (\\S+) port (\\d+) ", log))
                .containsExactly("admin", "203.0.113.9", "51234");
        // A repetition followed by more pattern stops at the first place the rest matches (lazy) ...
        assertThat(groups("^(\\.+) from (\\S+)", "user a from b from 10.0.0.1")).containsExactly("user a", "b");
        // ... and the last one of the pattern keeps consuming.
        assertThat(groups("port (\\.+)", "port 22 ssh2")).containsExactly("22 ssh2");
        assertThat(groups("user (\\S*)", "user ")).containsExactly("");
    }

    @Test
    void afterPatternEndIsReported() {
        int[] m = OsRegex.compile("\\d+").find("aa123c");
        assertThat(Arrays.copyOf(m, 2)).containsExactly(2, 5);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void hostileInputTakesLinearTime() {
        // (\.+)+-style blow-ups cannot be written in OS_Regex, but \.* chains over a long non-matching line are
        // the expensive case for a backtracking scanner; here it is one pass.
        OsRegex r = OsRegex.compile("\\.*a\\.*b\\.*c\\.*d\\.*e\\.*f\\.*g\\.*x$");
        String line = "abcdefg".repeat(30_000);
        long t0 = System.nanoTime();
        assertThat(r.find(line)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
    }

    /** Seeded property test: on unambiguous patterns the VM agrees with java.util.regex on the translation. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithJavaRegexOnRandomInputs(long seed) {
        Random rnd = new Random(seed);
        String[] atoms = {"\\d+", "\\w+", "\\s", "\\S+", "x", ":", "\\p", "(\\d+)", "(\\w+)"};
        String[] jre = {"[0-9]+?", "[A-Za-z0-9@_-]+?", " ", "[^ ]+?", "x", ":", "[()*+,\\-.:;<=>?\\[\\]!\"'#$%&|{}]", "([0-9]+?)", "([A-Za-z0-9@_-]+?)"};
        for (int round = 0; round < 200; round++) {
            StringBuilder os = new StringBuilder("^");
            StringBuilder jr = new StringBuilder("^");
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(atoms.length);
                os.append(atoms[k]);
                jr.append(jre[k]);
            }
            String alphabet = "ab1 2:x-";
            StringBuilder in = new StringBuilder();
            for (int i = 0, len = rnd.nextInt(12); i < len; i++) in.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            boolean expected = java.util.regex.Pattern.compile(jr.toString(), java.util.regex.Pattern.CASE_INSENSITIVE).matcher(in).lookingAt();
            assertThat(matches(os.toString(), in.toString())).as(os + " on '" + in + "'").isEqualTo(expected);
        }
    }
}
