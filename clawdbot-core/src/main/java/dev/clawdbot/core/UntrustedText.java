package dev.clawdbot.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The one escaper for untrusted fields on every approval surface (Telegram, e-mail, the approve page,
 * {@code request show}, the admin agent). A rendered field is one line that shows every character that could
 * hide or move text: backslash, CR, LF and tab as {@code \\ \r \n \t}, other control characters as
 * {@code \xNN}, and bidi controls (U+202A..202E, U+2066..2069, U+200E/F, U+061C), zero-width and other format
 * characters, line and paragraph separators, unusual spaces, fillers, variation selectors and lone surrogates as
 * {@code <U+XXXX>}. The output is plain ASCII-safe in the positions that matter: no character of it can break a
 * line, reorder the display or vanish, so a field cannot draw a fake action line or push the real one out of view.
 */
public final class UntrustedText {

    private UntrustedText() {
    }

    /** One field on one line. */
    public static String inline(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            append(sb, cp);
        }
        return sb.toString();
    }

    /** A field in double quotes, with {@code "} escaped as well, so where it ends is unambiguous. */
    public static String quoted(String s) {
        StringBuilder sb = new StringBuilder(s == null ? 2 : s.length() + 16).append('"');
        if (s != null) {
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == '"') sb.append("\\\"");
                else append(sb, cp);
            }
        }
        return sb.append('"').toString();
    }

    /** Multi-line text as escaped lines, split at LF only (a CR stays visible as {@code \r}); none is lost. */
    public static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) return out;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '\n') {
                if (i == s.length() && start == i && !out.isEmpty()) break;
                out.add(inline(s.substring(start, i)));
                start = i + 1;
            }
        }
        return out;
    }

    /** True when the character would be shown escaped. */
    public static boolean hidden(int cp) {
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || invisible(cp);
    }

    private static void append(StringBuilder sb, int cp) {
        switch (cp) {
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
                if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) sb.append(String.format("\\x%02x", cp));
                else if (invisible(cp)) sb.append(String.format("<U+%04X>", cp));
                else sb.appendCodePoint(cp);
            }
        }
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        // Cf covers the bidi embeddings/overrides/isolates (202A-202E, 2066-2069), LRM/RLM/ALM, zero-width
        // space/joiners (200B-200D), word joiner (2060), BOM (FEFF), soft hyphen and the tag characters.
        if (type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) return true;
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) return true;
        if (type == Character.SPACE_SEPARATOR && cp != ' ') return true;
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x034F
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x180B || cp == 0x180C || cp == 0x180D || cp == 0x180F;
    }
}
