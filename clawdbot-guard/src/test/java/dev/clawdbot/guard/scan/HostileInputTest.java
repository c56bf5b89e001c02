package dev.clawdbot.guard.scan;

import dev.clawdbot.guard.text.TextView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Inputs built to make a backtracking engine walk back and forth: long runs of near-matches (a key prefix whose body
 * falls one character short, e-mail local parts without a domain, digit runs with separators that almost make a
 * phone number, URL schemes glued to words, half injection phrases), plus an operator PII type with nested
 * repetition. Each 200 KB input goes through every detector within a generous bound (30 s on this shared 2-core
 * machine; RE2/J takes well under a second per input, a backtracking engine on {@code (a+)+b} would take years).
 */
class HostileInputTest {

    private static final int SIZE = 200 * 1024;

    static String repeat(String unit) {
        return unit.repeat(SIZE / unit.length() + 1).substring(0, SIZE);
    }

    static Stream<String> inputs() {
        return Stream.of(
                repeat("a"), repeat("a."), repeat("a@"), repeat("a@b."), repeat("x@y.z-"), repeat("a.b.c."),
                repeat("1"), repeat("1 "), repeat("1-"), repeat("1."), repeat("+1("), repeat("0012 34"), repeat("NL91 "), repeat("NL12AB"),
                repeat("1:"), repeat(":"), repeat("f:"), repeat("255."), "AKIA" + repeat("A"), repeat("sk-"), "sk-" + repeat("a"),
                repeat("eyJ"), repeat("eyJaaaaaaaa."), repeat("glpat-"), repeat("xoxb-"), repeat("M"), repeat("Maaaaaaaaaaaaaaaaaaaaaaaa."),
                repeat("123456789:"), repeat("a://"), repeat("ahttp://"), repeat("http://"), "http://" + repeat("a"), repeat("www."), repeat("xwww."),
                repeat("api_key="), repeat("password: "), "token=" + repeat("aB3"), repeat("-----BEGIN "), repeat("-----BEGIN PRIVATE KEY-----"),
                repeat("ignore "), repeat("ignore all "), repeat("system: "), repeat("\\b dan "), repeat("cat "), repeat("![a]("), repeat("aaaaaaaaaaaaaaaaaaaab"));
    }

    private static final PiiDetector PII = new PiiDetector(Map.of("NESTED", "(a+)+b", "ALTERNATION", "(a|aa)+c", "CLASS", "([a-z]*)*x"));
    private static final SecretDetector SECRETS = new SecretDetector();
    private static final UrlScanner URLS = new UrlScanner(List.of("zip"), UrlBlocklist.empty());
    private static final PatternScanner PATTERNS = new PatternScanner(PatternPack.builtIn());

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("inputs")
    void everyDetectorFinishesOnHostileInput(String text) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SECRETS.find(text);
            PII.find(text);
            TextView view = TextView.of(text);
            URLS.scan(view);
            PATTERNS.scan(view);
        });
    }
}
