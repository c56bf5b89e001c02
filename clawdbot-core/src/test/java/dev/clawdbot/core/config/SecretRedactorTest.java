package dev.clawdbot.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTest {

    @Test
    void replacesEveryOccurrenceAndLeavesCleanTextUntouched() {
        SecretRedactor r = new SecretRedactor();
        assertThat(r.register("sk-ant-0123456789")).isTrue();
        assertThat(r.redact("key=sk-ant-0123456789, again sk-ant-0123456789.")).isEqualTo("key=***, again ***.");
        String clean = "nothing secret here at all";
        assertThat(r.redact(clean)).isSameAs(clean);
        assertThat(r.redact(null)).isNull();
    }

    @Test
    void refusesShortValuesThatWouldWreckLogs() {
        SecretRedactor r = new SecretRedactor();
        assertThat(r.register("8080")).isFalse();
        assertThat(r.register("")).isFalse();
        assertThat(r.register(null)).isFalse();
        assertThat(r.register("1234567")).isFalse();
        assertThat(r.register("12345678")).isTrue();
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.redact("port 8080 and 12345678")).isEqualTo("port 8080 and ***");
    }

    @Test
    void overlappingAndNestedSecretsAreCoveredCompletely() {
        SecretRedactor r = new SecretRedactor();
        r.registerAll(List.of("abcdefgh", "efghijkl", "cdefghijklmn", "bbbbbbbb"));
        assertThat(r.redact("xxabcdefghijklyy")).isEqualTo("xx***yy");
        assertThat(r.redact("1abcdefgh2efghijkl3")).isEqualTo("1***2***3");
        assertThat(r.redact("bbbbbbbbbbbb!")).isEqualTo("***!");
        assertThat(r.redact("abcdefg")).isEqualTo("abcdefg");
        assertThat(r.redact("ab cdefghijklmn")).isEqualTo("ab ***");
    }

    @Test
    void failureLinksFindSecretsAfterPartialMatches() {
        SecretRedactor r = new SecretRedactor();
        r.registerAll(List.of("aaaab-secret", "aab-secret2x"));
        assertThat(r.redact("aaaaaab-secret")).isEqualTo("aa***");
        assertThat(r.redact("aaab-secret2x")).isEqualTo("a***");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void manySecretsAgreeWithANaiveScan(int seed) {
        Random rnd = new Random(seed);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 2000; i++) secrets.add(randomString(rnd, 8 + rnd.nextInt(24), "abcdxyz-_"));
        SecretRedactor r = new SecretRedactor();
        assertThat(r.registerAll(secrets)).isEqualTo((int) secrets.stream().distinct().count());
        for (int t = 0; t < 50; t++) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < 10; k++) {
                text.append(randomString(rnd, rnd.nextInt(12), "abcdxyz -"));
                if (rnd.nextBoolean()) text.append(secrets.get(rnd.nextInt(secrets.size())));
            }
            assertThat(r.redact(text.toString())).isEqualTo(naive(text.toString(), secrets));
        }
    }

    @Test
    void registeringWhileRedactingFromManyThreadsIsSafe() throws Exception {
        SecretRedactor r = new SecretRedactor();
        r.register("first-secret-value");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        r.register("secret-" + id + "-" + i + "-padding");
                        assertThat(r.redact("a first-secret-value b")).isEqualTo("a *** b");
                    }
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(r.size()).isEqualTo(801);
        assertThat(r.redact("secret-3-199-padding")).isEqualTo("***");
    }

    @Test
    void globalIsOneSharedInstance() {
        assertThat(SecretRedactor.global()).isSameAs(SecretRedactor.global());
    }

    private static String randomString(Random rnd, int length, String alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** Marks every char inside any occurrence, then collapses each maximal overlapping run into one mask. */
    private static String naive(String text, List<String> secrets) {
        int[] coverEnd = new int[text.length()];
        java.util.Arrays.fill(coverEnd, -1);
        for (String s : secrets) {
            for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
                coverEnd[i] = Math.max(coverEnd[i], i + s.length() - 1);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (coverEnd[i] < 0) {
                out.append(text.charAt(i++));
                continue;
            }
            int end = coverEnd[i];
            for (int j = i; j <= end; j++) end = Math.max(end, coverEnd[j]);
            out.append("***");
            i = end + 1;
        }
        return out.toString();
    }
}
