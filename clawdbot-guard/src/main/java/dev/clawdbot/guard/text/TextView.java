package dev.clawdbot.guard.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text prepared for scanning: invisible characters removed (and counted), confusables and full-width
 * forms folded, lower-cased and whitespace collapsed ({@link #folded()}); plus variants that undo common
 * disguises: leetspeak and letters split by separators, Unicode tag-character smuggling, base64 and hex
 * segments decoded (recursively, two levels), and a rot13 reading when the text mentions rot13 or a rotation. Scanners look at {@link #all()}.
 */
public record TextView(String original, String clean, String folded, List<String> variants, InvisibleCounts invisibles) {

    private static final Pattern WS = Pattern.compile("\\h+");
    private static final Pattern NEWLINES = Pattern.compile(" ?\\v[ \\v]*+");
    private static final Pattern LEET_TOKEN = Pattern.compile("[a-z0-9@$!|]+");
    private static final int MAX_DECODED = 64 * 1024;
    private static final Pattern ROT13_CUE = Pattern.compile("rot ?-?13|caesar|rotat|ebg ?-?13");

    public static TextView of(String text) {
        return of(text, 2);
    }

    private static TextView of(String text, int depth) {
        int zw = 0, bidi = 0, tag = 0, pua = 0;
        StringBuilder clean = new StringBuilder(text.length());
        StringBuilder tagText = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (Invisibles.of(cp)) {
                case ZERO_WIDTH -> zw++;
                case BIDI -> bidi++;
                case TAG -> {
                    tag++;
                    if (cp >= 0xE0020 && cp <= 0xE007E) tagText.append((char) (cp - 0xE0000));
                }
                case PRIVATE_USE -> pua++;
                case NONE -> Confusables.fold(cp, clean);
            }
        }
        String cleaned = clean.toString();
        String folded = collapse(cleaned);
        Set<String> variants = new LinkedHashSet<>();
        String deleet = despace(deleet(folded));
        variants.add(deleet);
        if (!tagText.isEmpty()) variants.add(foldedOf(tagText.toString()));
        if (ROT13_CUE.matcher(folded).find()) variants.add(Decoders.rot13(folded));
        if (depth > 0) {
            int budget = MAX_DECODED;
            for (String decoded : Decoders.segments(cleaned)) {
                if ((budget -= decoded.length()) < 0) break;
                TextView inner = of(decoded, depth - 1);
                variants.add(inner.folded());
                variants.addAll(inner.variants());
            }
        }
        variants.remove(folded);
        variants.remove("");
        return new TextView(text, cleaned, folded, List.copyOf(variants),
                new InvisibleCounts(zw, bidi, tag, pua, tagText.toString()));
    }

    private static String foldedOf(String s) {
        return collapse(Confusables.foldAll(s));
    }

    /** Lower case, runs of horizontal space to one space, runs of line breaks to one newline. */
    private static String collapse(String s) {
        return NEWLINES.matcher(WS.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ")).replaceAll("\n").strip();
    }

    /** The folded text followed by every variant. */
    public List<String> all() {
        List<String> all = new ArrayList<>(variants.size() + 1);
        all.add(folded);
        all.addAll(variants);
        return all;
    }

    static String deleet(String s) {
        Matcher m = LEET_TOKEN.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start());
            String tok = m.group();
            boolean hasLeet = false, hasLetter = false;
            for (int i = 0; i < tok.length(); i++) {
                char c = tok.charAt(i);
                hasLeet |= "013457@$!|".indexOf(c) >= 0;
                hasLetter |= c >= 'a' && c <= 'z';
            }
            if (!hasLeet || !hasLetter || isNumberLike(tok)) {
                out.append(tok);
            } else {
                for (int i = 0; i < tok.length(); i++) out.append(unleet(tok.charAt(i)));
            }
            last = m.end();
        }
        return out.append(s, last, s.length()).toString();
    }

    private static boolean isNumberLike(String tok) {
        int digits = 0;
        for (int i = 0; i < tok.length(); i++) if (Character.isDigit(tok.charAt(i))) digits++;
        return digits * 2 > tok.length();
    }

    private static char unleet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1', '!', '|' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
        };
    }

    /** Joins letters split by single separators ("i g n o r e", "i.g.n.o.r.e"): runs of four letters or more; linear time. */
    static String despace(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            if (isLetter(s.charAt(i)) && (i == 0 || !isLetter(s.charAt(i - 1)))) {
                int j = i, letters = 1;
                while (j + 2 < n && isSeparator(s.charAt(j + 1)) && isLetter(s.charAt(j + 2))) {
                    j += 2;
                    letters++;
                }
                if (j + 1 < n && isLetter(s.charAt(j + 1)) && letters > 1) {
                    j -= 2;
                    letters--;
                }
                if (letters >= 4) {
                    for (int k = i; k <= j; k += 2) out.append(s.charAt(k));
                } else {
                    out.append(s, i, j + 1);
                }
                i = j + 1;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isSeparator(char c) {
        return " .-_*/|+~".indexOf(c) >= 0;
    }
}
