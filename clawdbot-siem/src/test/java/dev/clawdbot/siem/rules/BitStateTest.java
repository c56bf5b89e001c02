package dev.clawdbot.siem.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path ({@link BitState}) against the reference (the Pike VM): the same match, end and captures, for the
 * shipped decoders on generated log text and for random patterns on random lines; and linear time where a
 * backtracker blows up.
 */
class BitStateTest {

    private static void assertSameAsPikeVm(OsRegex r, String s) {
        assertThat(BitState.fits(r.markCount(), s.length())).as("fast path applies to '%s'", r).isTrue();
        assertThat(r.find(s)).as("'%s' on '%s'", r, s).isEqualTo(r.findByPikeVm(s));
    }

    private static List<OsRegex> shippedDecoderRegexes() {
        List<OsRegex> out = new ArrayList<>();
        for (Decoder d : Ruleset.shipped().decoders.all()) {
            for (TextPattern p : new TextPattern[]{d.prematch(), d.regex()}) {
                if (p instanceof TextPattern.OsRegexPattern o) out.add(o.regex());
            }
        }
        return out;
    }

    /** Generated sshd and PAM lines, a mutated copy of each, and every suffix (decoders run after an offset). */
    private static List<String> generatedLines(long seed) {
        Random rnd = new Random(seed);
        String noise = "aZ9 :()'\"[]=,-_/.@$\t|é";
        List<String> out = new ArrayList<>();
        for (String line : Fail2banSideBySideTest.sshdLog(100, seed)) {
            String log = Predecoded.of(line).log();
            StringBuilder m = new StringBuilder(log);
            for (int k = rnd.nextInt(4); k > 0; k--) {
                int at = rnd.nextInt(m.length() + 1);
                if (rnd.nextBoolean() && at < m.length()) m.deleteCharAt(at);
                else m.insert(at, noise.charAt(rnd.nextInt(noise.length())));
            }
            for (String s : List.of(log, m.toString())) {
                for (int from = 0; from <= s.length(); from += 1 + rnd.nextInt(6)) out.add(s.substring(from));
            }
        }
        out.addAll(List.of("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root",
                "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id", "(to root) alice on pts/1",
                "new group: name=docker, GID=999", "add 'bob' to group 'sudo'", "nginx.service: Failed with result 'exit-code'.",
                "Out of memory: Killed process 4242 (java) total-vm:1kB", "level=error msg=\"boom\" container=abc123",
                "2026-12-07 19:44:38,123 fail2ban.actions [812]: NOTICE  [sshd] Ban 203.0.113.9",
                "203.0.113.9 - - [07/Dec/2026:19:44:38 +0000] \"GET /x HTTP/1.1\" 404 12 \"-\" \"curl/8\"",
                "Disconnecting invalid user admin 203.0.113.9 port 5: Too many authentication failures [preauth]", ""));
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shippedDecodersMatchAndCaptureExactlyAsThePikeVm(long seed) {
        List<OsRegex> regexes = shippedDecoderRegexes();
        assertThat(regexes).hasSizeGreaterThan(30);
        int matched = 0;
        for (String line : generatedLines(seed)) {
            for (OsRegex r : regexes) {
                assertSameAsPikeVm(r, line);
                if (r.find(line) != null) matched++;
            }
        }
        // The corpus exercises matches, not only refusals.
        assertThat(matched).isGreaterThan(1_000);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void randomPatternsMatchAndCaptureExactlyAsThePikeVm(long seed) {
        Random rnd = new Random(seed);
        String[] atoms = {"\\w+", "\\w*", "\\d+", "\\d*", "\\s", "\\s+", "\\S+", "\\S*", "\\.*", "\\.+", "\\p", "\\W", "a", "b", "1", ":", " ", "x"};
        String alphabet = "ab1 2:x-.";
        for (int round = 0; round < 300; round++) {
            StringBuilder p = new StringBuilder();
            for (int alt = 0, alts = 1 + rnd.nextInt(3); alt < alts; alt++) {
                if (alt > 0) p.append('|');
                if (rnd.nextInt(3) == 0) p.append('^');
                int open = 0;
                for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
                    if (rnd.nextInt(4) == 0) {
                        p.append('(');
                        open++;
                    }
                    p.append(atoms[rnd.nextInt(atoms.length)]);
                    if (open > 0 && rnd.nextInt(3) == 0) {
                        p.append(')');
                        open--;
                    }
                }
                p.append(")".repeat(open));
                if (rnd.nextInt(4) == 0) p.append('$');
            }
            OsRegex r = OsRegex.compile(p.toString());
            for (int k = 0; k < 20; k++) {
                StringBuilder in = new StringBuilder();
                for (int i = 0, len = rnd.nextInt(16); i < len; i++) in.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                assertSameAsPikeVm(r, in.toString());
            }
        }
    }

    /**
     * The prefilters in front of both engines (an anchored pattern's first character, the literals every match
     * contains, searched on the folded line) only skip lines the engines reject: random patterns with literals that
     * case-fold across ASCII (Kelvin sign, dotted İ, long s) on ASCII and non-ASCII lines, as String and as another
     * CharSequence (which takes the unfolded scan), against the Pike VM without any prefilter.
     */
    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35, 36, 37, 38})
    void prefiltersNeverRejectALineTheEngineMatches(long seed) {
        Random rnd = new Random(seed);
        String[] atoms = {"ab", "Ke", "\u212Ae", "s\u017F", "\u0130x", "\u00E9t", "\\w+", "\\S+", "\\d*", "\\s", "\\p", " x", "k", "es"};
        String alphabet = "abKke\u212A\u0130iIsS\u017F\u00E9\u00C9tx 1:";
        int matched = 0;
        for (int round = 0; round < 400; round++) {
            StringBuilder p = new StringBuilder();
            for (int alt = 0, alts = 1 + rnd.nextInt(2); alt < alts; alt++) {
                if (alt > 0) p.append('|');
                if (rnd.nextInt(3) > 0) p.append('^');
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    String atom = atoms[rnd.nextInt(atoms.length)];
                    p.append(rnd.nextInt(4) == 0 ? "(" + atom + ")" : atom);
                }
            }
            OsRegex r = OsRegex.compile(p.toString());
            for (int k = 0; k < 30; k++) {
                StringBuilder in = new StringBuilder();
                for (int i = 0, len = rnd.nextInt(14); i < len; i++) in.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                String line = in.toString();
                int from = line.isEmpty() ? 0 : rnd.nextInt(line.length() + 1);
                int[] expected = r.findByPikeVm(line, from);
                assertThat(r.find(line, from)).as("'%s' on '%s' from %d", r, line, from).isEqualTo(expected);
                assertThat(r.find(new StringBuilder(line), from)).as("'%s' on builder '%s' from %d", r, line, from).isEqualTo(expected);
                if (expected != null) matched++;
            }
        }
        assertThat(matched).isGreaterThan(200);
    }

    /** {@code m} with every offset moved by {@code by} (-1, a group that did not take part, stays). */
    private static int[] shifted(int[] m, int by) {
        if (m == null) return null;
        int[] out = m.clone();
        for (int i = 0; i < out.length; i++) if (out[i] >= 0) out[i] += by;
        return out;
    }

    /**
     * Decoders search in place from an offset: the same answer as on the copied tail (what they did before), on both
     * engines, for the shipped decoders on generated lines and for random patterns (anchors included) at every offset.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void searchingFromAnOffsetEqualsSearchingTheTail(long seed) {
        Random rnd = new Random(seed);
        List<OsRegex> regexes = new ArrayList<>(shippedDecoderRegexes());
        String[] atoms = {"\\w+", "\\d*", "\\s", "\\S+", "\\.*", "\\p", "a", "b", "1", ":", " "};
        for (int i = 0; i < 60; i++) {
            StringBuilder p = new StringBuilder(rnd.nextBoolean() ? "^" : "");
            for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) {
                if (rnd.nextInt(4) == 0) p.append('(').append(atoms[rnd.nextInt(atoms.length)]).append(')');
                else p.append(atoms[rnd.nextInt(atoms.length)]);
            }
            if (rnd.nextInt(4) == 0) p.append('$');
            if (rnd.nextInt(3) == 0) p.append("|^b").append(atoms[rnd.nextInt(atoms.length)]);
            regexes.add(OsRegex.compile(p.toString()));
        }
        List<String> lines = new ArrayList<>();
        for (String line : Fail2banSideBySideTest.sshdLog(30, seed)) lines.add(Predecoded.of(line).log());
        for (int i = 0; i < 40; i++) {
            StringBuilder in = new StringBuilder();
            for (int k = 0, len = rnd.nextInt(20); k < len; k++) in.append("ab1 2:x-.".charAt(rnd.nextInt(9)));
            lines.add(in.toString());
        }
        int matched = 0;
        for (OsRegex r : regexes) {
            for (String line : lines) {
                for (int from = 0; from <= line.length(); from += 1 + rnd.nextInt(4)) {
                    String tail = line.substring(from);
                    int[] expected = shifted(r.findByPikeVm(tail), from);
                    assertThat(r.find(line, from)).as("'%s' on '%s' from %d", r, line, from).isEqualTo(expected);
                    assertThat(r.findByPikeVm(line, from)).as("Pike VM '%s' on '%s' from %d", r, line, from).isEqualTo(expected);
                    if (expected != null) matched++;
                }
            }
        }
        assertThat(matched).isGreaterThan(500);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void patternThatIsExponentialForABacktrackerTakesLinearTime() {
        // Twelve lazy \w* in a row before a '!' the line lacks: a backtracker tries every way of cutting the line
        // into 12 pieces, C(n + 11, 11) ≈ 10^28 for 3,000 characters, at every start. Here each (join, position)
        // pair is entered once: about 13 × 3,001 steps per start position, marks shared across starts.
        String group = "(\\w*)";
        OsRegex anchored = OsRegex.compile("^" + group.repeat(12) + "!");
        OsRegex unanchored = OsRegex.compile(group.repeat(12) + "!");
        String line = "a".repeat(3_000);
        assertThat(BitState.fits(anchored.markCount(), line.length())).isTrue();
        assertThat(BitState.fits(unanchored.markCount(), line.length())).isTrue();
        long t0 = System.nanoTime();
        assertThat(anchored.find(line)).isNull();
        assertThat(unanchored.find(line)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
        // One '!' at the end: the match is found, with the captures the Pike VM reports.
        assertSameAsPikeVm(unanchored, line + "!");
    }

    @Test
    void aSearchDeeperThanTheJobStackFallsBackToThePikeVmWithTheSameAnswer() {
        // The greedy last repetition leaves one job per character: 100,000 of them, past MAX_JOBS, while the marks fit.
        OsRegex r = OsRegex.compile("^a(\\.+)");
        String line = "a" + "x".repeat(100_000);
        assertThat(BitState.fits(r.markCount(), line.length())).isTrue();
        assertThat(BitState.search(r, line, 0)).isSameAs(BitState.TOO_DEEP);
        int[] m = r.find(line);
        assertThat(m).isEqualTo(r.findByPikeVm(line));
        assertThat(m[3] - m[2]).isEqualTo(100_000);
    }

    @Test
    void longLinesFallBackToThePikeVmWithTheSameAnswer() {
        OsRegex r = OsRegex.compile("from (\\S+) port (\\d+)");
        String line = "x ".repeat(BitState.MAX_BITS) + "from 203.0.113.9 port 22";
        assertThat(BitState.fits(r.markCount(), line.length())).isFalse();
        int[] m = r.find(line);
        assertThat(m).isEqualTo(r.findByPikeVm(line));
        assertThat(line.substring(m[2], m[3])).isEqualTo("203.0.113.9");
    }
}
