package dev.clawdbot.guard.text;

import java.text.Normalizer;

/**
 * Folds text to the ASCII it imitates: compatibility decomposition per code point (full-width forms,
 * mathematical alphanumerics, ligatures), combining marks dropped (accents, stacked diacritics), then a
 * table of Cyrillic, Greek and Latin look-alikes. Patterns are therefore written without accents.
 */
public final class Confusables {

    private static final String FROM = "аеорсухіјѕԁһԛԝѵмнтвкАВЕКМНОРСТХІЈЅУԜαεικνορτυχβγηωΑΒΕΖΗΙΚΜΝΟΡΤΥΧıℓ℮ɑɡ‹›〈〉⟨⟩❮❯˂˃«»";
    private static final String TO = "aeopcyxijsdhqwvmhtbkABEKMHOPCTXIJSYWaeikvoptuxbyhwABEZHIKMNOPTYXileag<><><><><><>";

    /**
     * Foldings of the characters of the Basic Multilingual Plane, filled on first use: normalising one code point
     * allocates, and accented letters recur. Racing threads may compute an entry twice, always to an equal string.
     */
    private static final String[] BMP = new String[0x10000];

    private Confusables() {
    }

    /** Appends the folding of one code point to {@code out}; may append nothing (a combining mark) or several characters. */
    public static void fold(int cp, StringBuilder out) {
        if (cp < 0x80) {
            out.append((char) cp);
            return;
        }
        if (cp > 0xFFFF) {
            out.append(folding(cp));
            return;
        }
        String f = BMP[cp];
        if (f == null) BMP[cp] = f = folding(cp);
        out.append(f);
    }

    private static String folding(int cp) {
        StringBuilder out = new StringBuilder(4);
        if (Character.getType(cp) == Character.NON_SPACING_MARK) return "";
        String d = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD);
        for (int i = 0; i < d.length(); ) {
            int c = d.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.NON_SPACING_MARK) continue;
            int t = FROM.indexOf(c);
            out.appendCodePoint(t >= 0 ? TO.charAt(t) : c);
        }
        return out.toString();
    }

    public static String foldAll(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            fold(cp, out);
        }
        return out.toString();
    }
}
