package dev.clawdbot.guard.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.guard.text.TextView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/** Every pattern of the pack against its positive and hard-negative cases (src/test/resources/pattern-cases.jsonl). */
class PatternPackTest {

    private static final PatternPack PACK = PatternPack.builtIn();
    private static final Map<String, PatternPack.Entry> BY_ID = PACK.entries().stream()
            .collect(Collectors.toMap(PatternPack.Entry::id, Function.identity()));

    record Case(String pattern, String text, boolean match) {
        @Override
        public String toString() {
            return (match ? "+ " : "- ") + pattern + ": " + text;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = PatternPackTest.class.getResourceAsStream("/pattern-cases.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                JsonNode n = json.readTree(line);
                out.add(new Case(n.get("pattern").asText(), n.get("text").asText(), n.get("match").asBoolean()));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void patternMatchesItsPositivesAndNotItsHardNegatives(Case c) {
        PatternPack.Entry e = BY_ID.get(c.pattern());
        assertThat(e).as("pattern %s exists", c.pattern()).isNotNull();
        boolean matched = TextView.of(c.text()).all().stream().anyMatch(t -> e.pattern().matcher(t).find());
        assertThat(matched).as("%s on %s", c.pattern(), c.text()).isEqualTo(c.match());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prefilteredScannerAgreesWithThePlainRegex(Case c) {
        ScanScore f = new PatternScanner(PACK).scan(TextView.of(c.text()));
        boolean reported = f.reasons().stream().anyMatch(r -> r.equals(c.pattern()) || r.equals(c.pattern() + "(quoted)"));
        assertThat(reported).as("%s on %s", c.pattern(), c.text()).isEqualTo(c.match());
    }

    /**
     * The prefilter (leading literals give the start positions, a required literal set must be present) against the
     * plain regexes on texts spliced from pieces of the cases, so that patterns half-match, overlap and repeat.
     */
    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5})
    void prefilterAgreesWithThePlainRegexesOnSplicedTexts(int seed) throws IOException {
        List<String> texts = cases().stream().map(Case::text).toList();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        PatternScanner scanner = new PatternScanner(PACK);
        int matched = 0;
        for (int round = 0; round < 150; round++) {
            StringBuilder b = new StringBuilder();
            for (int k = 1 + r.nextInt(5); k > 0; k--) {
                String[] words = texts.get(r.nextInt(texts.size())).split(" ");
                int from = r.nextInt(words.length), to = from + 1 + r.nextInt(words.length - from);
                b.append(String.join(" ", java.util.Arrays.copyOfRange(words, from, to))).append(r.nextBoolean() ? " " : "\n");
            }
            TextView view = TextView.of(b.toString());
            Set<String> plain = PACK.entries().stream()
                    .filter(e -> view.all().stream().anyMatch(t -> e.pattern().matcher(t).find()))
                    .map(PatternPack.Entry::id).collect(Collectors.toSet());
            Set<String> reported = scanner.scan(view).reasons().stream().map(x -> x.replace("(quoted)", "")).collect(Collectors.toSet());
            assertThat(reported).as("patterns on %s", b).isEqualTo(plain);
            matched += plain.size();
        }
        assertThat(matched).as("spliced texts that match something").isGreaterThan(15);
    }

    @Test
    void nearlyEveryPatternHasARequiredLiteralSet() {
        assertThat(new Triggers(PACK.entries().stream().map(e -> sourceOf(e.id())).toList()).withRequired())
                .isGreaterThanOrEqualTo(PACK.entries().size() * 9 / 10);
        assertThat(Triggers.required("(?:cat|read) [^\\n]{0,30}(?:/etc/shadow|id_rsa)")).containsExactly("/etc/shadow", "id_rsa");
        assertThat(Triggers.required("(?:hypothetically|in a fictional world)[^.]{0,9}(?:no (?:rules|laws)|how to)"))
                .containsExactly("hypothetically", "fictional");
        assertThat(Triggers.required("ab?c")).isNull();
        assertThat(Triggers.required("you are (?:now|no longer)|you are no longer (?:ai|bound)")).containsExactly("you", "longer");
    }

    private static String sourceOf(String id) {
        try (InputStream in = PatternPackTest.class.getResourceAsStream("/dev/clawdbot/guard/patterns.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(id + "\t")) return line.split("\t", 5)[4];
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalArgumentException(id);
    }

    @Test
    void everyPatternHasAPositiveAndAHardNegative() throws IOException {
        List<Case> cases = cases();
        for (PatternPack.Entry e : PACK.entries()) {
            assertThat(cases).as("positive case for " + e.id()).anyMatch(c -> c.pattern().equals(e.id()) && c.match());
            assertThat(cases).as("hard negative for " + e.id()).anyMatch(c -> c.pattern().equals(e.id()) && !c.match());
        }
    }

    @Test
    void packIsVersionedLargeAndCoversTheCategoriesAndLanguages() {
        assertThat(PACK.version()).matches("\\d{4}\\.\\d{1,2}\\.\\d+");
        assertThat(PACK.entries()).hasSizeGreaterThanOrEqualTo(80);
        assertThat(PACK.entries().stream().map(PatternPack.Entry::category).collect(Collectors.toSet()))
                .containsAll(Set.of("override", "role-spoof", "fake-tool", "exfiltration", "credentials", "jailbreak", "encoding"));
        assertThat(PACK.entries().stream().map(PatternPack.Entry::language).collect(Collectors.toSet()))
                .contains("en", "nl", "de", "fr", "es");
        assertThat(PACK.entries().stream().map(PatternPack.Entry::id).distinct().count()).isEqualTo(PACK.entries().size());
        assertThat(PACK.entries()).allSatisfy(e -> assertThat(e.score()).isBetween(0.0, 1.0));
    }

    @Test
    void aSpaceInAPatternAllowsSeparatorsOrNothingButNotLetters() {
        var p = com.google.re2j.Pattern.compile(PatternPack.expand("ignore all"));
        assertThat(p.matcher("ignore all").find()).isTrue();
        assertThat(p.matcher("ignore - all").find()).isTrue();
        assertThat(p.matcher("ignoreall").find()).isTrue();
        assertThat(p.matcher("ignore xall").find()).isFalse();
        assertThat(PatternPack.expand("[ a]b c")).startsWith("[ a]b");
    }

    @Test
    void malformedPackIsRejectedWithFileLineAndPatternId() {
        String bad = "# version\t1\nok\toverride\ten\t1.0\tfoo\nbroken\toverride\ten\t1.0\t(unclosed\n";
        assertThatThrownBy(() -> PatternPack.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "test.tsv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test.tsv:3").hasMessageContaining("broken");
        String noVersion = "ok\toverride\ten\t1.0\tfoo\n";
        assertThatThrownBy(() -> PatternPack.parse(new ByteArrayInputStream(noVersion.getBytes(StandardCharsets.UTF_8)), "x.tsv"))
                .hasMessageContaining("version");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(?<![a-z])ignore all|look-around at column 1",
            "ignore (?!me)all|look-around at column 8",
            "ignore (?=all)|look-around",
            "(?<=x)ignore|look-around",
            "(ignore) \\1|backreference \\1",
            "(?<w>ignore) \\k<w>|backreference \\k",
            "(?>ignore) all|atomic group",
            "ignore a++ll|possessive quantifier",
            "(?i)ignore all|(?i) at column 1",
            "ignore[\\S]|\\S inside a character class"})
    void whatRe2jCannotRunIsRejectedAtLoadWithFileLineAndPattern(String regex, String problem) {
        String pack = "# version\t1\nok\toverride\ten\t1.0\tfoo\nhostile\toverride\ten\t1.0\t" + regex + "\n";
        assertThatThrownBy(() -> PatternPack.parse(new ByteArrayInputStream(pack.getBytes(StandardCharsets.UTF_8)), "pack.tsv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pack.tsv:3: pattern hostile: ").hasMessageContaining(problem);
    }

    @Test
    void escapedPlusAndLiteralsThatLookLikeLookAroundStillLoad() {
        String pack = "# version\t1\na\toverride\ten\t1.0\tc\\++ code\nb\toverride\ten\t1.0\t[(?!] x\n";
        assertThat(assertDoesNotThrow(() -> PatternPack.parse(new ByteArrayInputStream(pack.getBytes(StandardCharsets.UTF_8)), "ok.tsv")).entries()).hasSize(2);
    }

    @Test
    void dotAndWhitespaceClassesKeepJavasMeaning() {
        var dot = com.google.re2j.Pattern.compile(PatternPack.expand("a.b"));
        assertThat(dot.matcher("a\u2028b").find()).isFalse();
        assertThat(dot.matcher("a\rb").find()).isFalse();
        assertThat(dot.matcher("a\u00e9b").find()).isTrue();
        assertThat(dot.matcher("axb").find()).isTrue();
        var space = com.google.re2j.Pattern.compile(PatternPack.expand("a\\sb[^\\s]"));
        assertThat(space.matcher("a\u000Bbc").find()).isTrue();
        assertThat(space.matcher("a b\u000B").find()).isFalse();
    }
}
