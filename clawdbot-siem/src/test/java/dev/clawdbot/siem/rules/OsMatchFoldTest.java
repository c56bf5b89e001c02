package dev.clawdbot.siem.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OS_Match's ASCII fast path (fold once, plain {@code indexOf}) against the per-char {@code regionMatches(true)}
 * scan it replaced, over every {@code <match>} of the shipped rules plus non-ASCII edge cases (long s, dotless i,
 * Kelvin sign, dotted capital I), on ASCII and non-ASCII lines.
 */
class OsMatchFoldTest {

    private static final String ODD = "ſıKİÉéßΣς\uD83D\uDE00";

    @Test
    void fastPathGivesTheSameOffsetsAsTheReferenceScan() throws IOException {
        Set<String> patterns = new LinkedHashSet<>(shippedMatchPatterns());
        assertThat(patterns).hasSizeGreaterThan(20);
        patterns.addAll(List.of("ſsh", "Ssh", "ıd", "^ıd", "id$", "Kelvin", "^K", "straße", "İstanbul", "ΣΑΣ", "^x$",
                "^$", "é|É", "\uD83D\uDE00"));
        Random random = new Random(7);
        List<String> lines = new ArrayList<>(SshdSampleLog.lines(300, 42));
        for (String p : patterns) {
            String bare = p.replace("^", "").replace("$", "");
            for (String alt : bare.split("\\|")) {
                lines.add(alt);
                lines.add("x " + alt.toUpperCase(Locale.ROOT) + " y");
                lines.add("x " + mutate(alt, random) + " y");
                lines.add(mutate(alt, random));
            }
        }
        int checked = 0;
        for (String p : patterns) {
            OsMatch m;
            try {
                m = OsMatch.compile(p);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (String line : lines) {
                assertThat(m.find(line)).as(p + " on " + line).isEqualTo(reference(p, line));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < b.length(); i++) {
            int r = random.nextInt(6);
            if (r == 0) b.setCharAt(i, Character.toUpperCase(b.charAt(i)));
            else if (r == 1) b.setCharAt(i, ODD.charAt(random.nextInt(ODD.length())));
            else if (r == 2 && b.charAt(i) == 's') b.setCharAt(i, 'ſ');
            else if (r == 3 && b.charAt(i) == 'i') b.setCharAt(i, 'ı');
            else if (r == 4 && b.charAt(i) == 'k') b.setCharAt(i, 'K');
        }
        return b.toString();
    }

    /** The scan before the fast path, verbatim in behaviour. */
    private static int reference(String pattern, String s) {
        for (String part : pattern.split("\\|", -1)) {
            boolean begin = part.startsWith("^");
            boolean end = part.length() > (begin ? 1 : 0) && part.endsWith("$");
            String text = part.substring(begin ? 1 : 0, part.length() - (end ? 1 : 0)).toLowerCase(Locale.ROOT);
            if (text.isEmpty() && !begin && !end) continue;
            int n = text.length();
            if (begin && end) {
                if (s.length() == n && s.regionMatches(true, 0, text, 0, n)) return n;
            } else if (begin) {
                if (s.regionMatches(true, 0, text, 0, n)) return n;
            } else if (end) {
                if (s.length() >= n && s.regionMatches(true, s.length() - n, text, 0, n)) return s.length();
            } else {
                char first = text.charAt(0);
                for (int i = 0; i + n <= s.length(); i++) {
                    if (Character.toLowerCase(s.charAt(i)) == first && s.regionMatches(true, i, text, 0, n)) return i + n;
                }
            }
        }
        return -1;
    }

    private static List<String> shippedMatchPatterns() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : read("index.txt").lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            String xml = read(name);
            for (int at = xml.indexOf("<match"); at >= 0; at = xml.indexOf("<match", at + 1)) {
                int open = xml.indexOf('>', at);
                int close = xml.indexOf("</match>", open);
                if (open < 0 || close < 0 || xml.charAt(open - 1) == '/') continue;
                String text = xml.substring(open + 1, close).replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&amp;", "&").strip();
                if (!text.isEmpty() && !text.contains("<")) out.add(text);
            }
        }
        return out;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = OsMatchFoldTest.class.getResourceAsStream("/dev/clawdbot/siem/ruleset/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
