package dev.clawdbot.guard.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import com.google.re2j.Pattern;

/**
 * A text prepared for scanning: invisible characters removed (and counted), confusables and full-width
 * forms folded, lower-cased and whitespace collapsed ({@link #folded()}); plus variants that undo common
 * disguises: leetspeak and letters split by separators, Unicode tag-character smuggling, base64 and hex
 * segments decoded (recursively, two levels), and a rot13 reading when the text mentions rot13 or a rotation. Scanners look at {@link #all()}.
 */
public record TextView(String original, String clean, String folded, List<String> variants, InvisibleCounts invisibles) {

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
        if (mayCueRot13(folded) && ROT13_CUE.matcher(folded).find()) variants.add(Decoders.rot13(folded));
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

    /** Every match of {@link #ROT13_CUE} contains one of these, and three {@code indexOf}s cost less than the regex. */
    private static boolean mayCueRot13(String folded) {
        return folded.contains("rot") || folded.contains("caesar") || folded.contains("ebg");
    }

    /**
     * Lower case, runs of horizontal space to one space, runs of line breaks to one newline: a run of white space
     * ({@code \\h} and {@code \\v} as {@code java.util.regex} defines them) becomes a newline when it holds a line
     * break, else one space.
     */
    static String collapse(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        int n = lower.length();
        StringBuilder out = null;
        int i = 0;
        while (i < n) {
            char c = lower.charAt(i);
            if (!horizontal(c) && !vertical(c)) {
                if (out != null) out.append(c);
                i++;
                continue;
            }
            int j = i;
            boolean lineBreak = false;
            while (j < n && (horizontal(lower.charAt(j)) || vertical(lower.charAt(j)))) lineBreak |= vertical(lower.charAt(j++));
            char with = lineBreak ? '\n' : ' ';
            if (out == null && (j - i > 1 || c != with)) out = new StringBuilder(n).append(lower, 0, i);
            if (out != null) out.append(with);
            i = j;
        }
        return (out == null ? lower : out.toString()).strip();
    }

    /** {@code \\h} of java.util.regex. */
    private static boolean horizontal(char c) {
        return c == ' ' || c == '\t' || c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) || c == 0x202F
                || c == 0x205F || c == 0x3000;
    }

    /** {@code \\v} of java.util.regex. */
    private static boolean vertical(char c) {
        return c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** The folded text followed by every variant. */
    public List<String> all() {
        List<String> all = new ArrayList<>(variants.size() + 1);
        all.add(folded);
        all.addAll(variants);
        return all;
    }

    /** Undoes leetspeak in each token of {@code [a-z0-9@$!|]} that mixes letters and leet characters and is not mostly digits. */
    static String deleet(String s) {
        int n = s.length();
        StringBuilder out = null;
        int i = 0, copied = 0;
        while (i < n) {
            if (!leetToken(s.charAt(i))) {
                i++;
                continue;
            }
            int j = i, digits = 0;
            boolean hasLeet = false, hasLetter = false;
            for (; j < n && leetToken(s.charAt(j)); j++) {
                char c = s.charAt(j);
                hasLeet |= "013457@$!|".indexOf(c) >= 0;
                hasLetter |= c >= 'a' && c <= 'z';
                if (c >= '0' && c <= '9') digits++;
            }
            if (hasLeet && hasLetter && digits * 2 <= j - i) {
                if (out == null) out = new StringBuilder(n);
                out.append(s, copied, i);
                for (int k = i; k < j; k++) out.append(unleet(s.charAt(k)));
                copied = j;
            }
            i = j;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    private static boolean leetToken(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '@' || c == '$' || c == '!' || c == '|';
    }

    static char unleet(char c) {
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
