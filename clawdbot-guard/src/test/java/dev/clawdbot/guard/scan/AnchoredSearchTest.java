package dev.clawdbot.guard.scan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detectors try their regexes only at positions a hand-written test admits ({@link Anchored}). That is only
 * sound if every match starts at an admitted position: here each pairing finds exactly what a plain {@code find()}
 * loop finds, on seeded random texts dense in the characters the regexes and their look-behinds care about.
 */
class AnchoredSearchTest {

    private static final String[] TOKENS = {
            "a", "b", "x", "Z", "M", "N", "O", "e", "0", "1", "4", "7", "9", "00", "31", "123", "4567", "12345678", "123456789",
            "@", ".", ":", "::", "-", "+", "(", ")", " ", " ", "  ", "_", "%", "/", "=", "\n", "é", "ß", "\u00a0",
            "http", "https", "ftp", "wss", "://", "www.", "javascript:", "vbscript:", "data:", "HTTP://", "user:pa55word@",
            "anna@example.org", "jan.de-vries+news@example.co.uk", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00",
            "4111 1111 1111 1111", "5500-0000-0000-0004", "111222333", "1112.22.333", "+31 6 12345678", "06-12345678",
            "(020) 123 4567", "192.168.1.10", "203.0.113.7", "2001:db8::8a2e:370:7334", "fe80::1",
            "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_", "MTIzNDU2Nzg5MDEyMzQ1Njc4O.Gabcde.abcdefghijklmnopqrstuvwxyz01",
            "postgres://app:S3cr3t-Pa55@db:5432/x",
    };

    record Case(String name, Pattern pattern, IntPredicateOn start, SecretDetector.Candidates candidates) {
        Case(String name, Pattern pattern, IntPredicateOn start) {
            this(name, pattern, start, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A start test that needs the text. */
    interface IntPredicateOn {
        IntPredicate on(String text);
    }

    static List<Case> cases() {
        return List.of(
                new Case("pii EMAIL", LegacyPiiDetector.EMAIL, t -> i -> PiiDetector.emailStart(t, i)),
                new Case("pii IBAN", LegacyPiiDetector.IBAN, t -> i -> PiiDetector.ibanStart(t, i)),
                new Case("pii CARD", LegacyPiiDetector.CARD, t -> i -> PiiDetector.digitAfter(t, i, "-")),
                new Case("pii BSN", LegacyPiiDetector.BSN, t -> i -> PiiDetector.digitAfter(t, i, ".")),
                new Case("pii PHONE", LegacyPiiDetector.PHONE, t -> i -> PiiDetector.phoneStart(t, i)),
                new Case("pii IPV4", LegacyPiiDetector.IPV4, t -> i -> PiiDetector.digitAfter(t, i, ".")),
                new Case("pii IPV6", LegacyPiiDetector.IPV6, t -> i -> PiiDetector.ipv6Start(t, i)),
                new Case("pii EMAIL from @", LegacyPiiDetector.EMAIL, t -> i -> PiiDetector.emailStart(t, i), PiiDetector::emailCandidates),
                new Case("pii CARD from number starts", LegacyPiiDetector.CARD, t -> i -> PiiDetector.digitAfter(t, i, "-"), AnchoredSearchTest::numberStarts),
                new Case("pii PHONE from number starts", LegacyPiiDetector.PHONE, t -> i -> PiiDetector.phoneStart(t, i), AnchoredSearchTest::numberStarts),
                new Case("secret TELEGRAM_BOT_TOKEN", LegacySecretDetector.pattern("TELEGRAM_BOT_TOKEN"), t -> i -> SecretDetector.telegramStart(t, i),
                        SecretDetector::telegramCandidates),
                new Case("secret DISCORD_BOT_TOKEN", LegacySecretDetector.pattern("DISCORD_BOT_TOKEN"), t -> i -> SecretDetector.discordStart(t, i)),
                new Case("secret URL_PASSWORD", LegacySecretDetector.pattern("URL_PASSWORD"), t -> i -> SecretDetector.urlPasswordStart(t, i),
                        SecretDetector::schemeCandidates),
                new Case("url", LegacyUrlScanner.URL, t -> i -> UrlScanner.urlStart(t, i)));
    }

    private static int[] numberStarts(String t) {
        int[] out = new int[t.length()];
        return java.util.Arrays.copyOf(out, PiiDetector.numberStarts(t, out));
    }

    static List<Object[]> casesAndSeeds() {
        List<Object[]> out = new ArrayList<>();
        for (Case c : cases()) for (int seed = 0; seed < 25; seed++) out.add(new Object[]{c, seed});
        return out;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("casesAndSeeds")
    void anchoredSearchFindsExactlyWhatFindFinds(Case c, int seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919L + c.name().hashCode());
        for (int round = 0; round < 40; round++) {
            StringBuilder b = new StringBuilder();
            int tokens = 1 + r.nextInt(120);
            for (int k = 0; k < tokens; k++) b.append(TOKENS[r.nextInt(TOKENS.length)]);
            String text = r.nextInt(4) == 0 ? b.toString().toUpperCase(java.util.Locale.ROOT) : b.toString();
            List<String> plain = new ArrayList<>();
            Matcher m = c.pattern().matcher(text);
            while (m.find()) plain.add(m.start() + "-" + m.end());
            List<String> anchored = new ArrayList<>();
            if (c.candidates() == null) {
                LegacyAnchored.findAll(c.pattern(), text, c.start().on(text), x -> anchored.add(x.start() + "-" + x.end()));
            } else {
                int[] at = c.candidates().of(text);
                LegacyAnchored.findAll(c.pattern(), text, at, at.length, c.start().on(text), x -> anchored.add(x.start() + "-" + x.end()));
            }
            assertThat(anchored).as("%s on %s", c.name(), text).isEqualTo(plain);
        }
    }

    /** The whole PII detector against plain {@code find()} loops over its regexes, gates and candidate lists left out. */
    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void piiDetectorFindsWhatPlainRegexLoopsFind(int seed) {
        PiiDetector pii = new PiiDetector(java.util.Map.of());
        SplittableRandom r = new SplittableRandom(seed);
        int found = 0;
        for (int round = 0; round < 200; round++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(80); k > 0; k--) b.append(TOKENS[r.nextInt(TOKENS.length)]);
            String text = b.toString();
            List<Span> plain = new ArrayList<>();
            plainFind(plain, LegacyPiiDetector.EMAIL, "EMAIL", text, x -> true);
            plainFind(plain, LegacyPiiDetector.IBAN, "IBAN", text, PiiDetector::ibanValid);
            plainFind(plain, LegacyPiiDetector.CARD, "CARD", text, PiiDetector::luhnValid);
            plainFind(plain, LegacyPiiDetector.BSN, "BSN", text, PiiDetector::bsnValid);
            plainFind(plain, LegacyPiiDetector.PHONE, "PHONE", text, PiiDetector::phoneLike);
            plainFind(plain, LegacyPiiDetector.IPV4, "IP", text, x -> true);
            plainFind(plain, LegacyPiiDetector.IPV6, "IP", text, PiiDetector::ipv6Valid);
            List<Span> expected = Spans.disjoint(plain);
            assertThat(pii.find(text)).as("PII in %s", text).isEqualTo(expected);
            found += expected.size();
        }
        assertThat(found).isGreaterThan(200);
    }

    private static void plainFind(List<Span> out, Pattern p, String type, String text, java.util.function.Predicate<String> valid) {
        Matcher m = p.matcher(text);
        while (m.find()) if (valid.test(m.group())) out.add(new Span(type, m.start(), m.end()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRandomTextsDoContainMatches(Case c) {
        SplittableRandom r = new SplittableRandom(1);
        long withMatch = IntStream.range(0, 400).filter(k -> {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < 60; j++) b.append(TOKENS[r.nextInt(TOKENS.length)]);
            return c.pattern().matcher(b).find();
        }).count();
        assertThat(withMatch).as("texts with a %s match, of 400", c.name()).isGreaterThan(10);
    }
}
