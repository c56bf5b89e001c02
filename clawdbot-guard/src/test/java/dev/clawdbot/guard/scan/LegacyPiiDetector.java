package dev.clawdbot.guard.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds personal data: e-mail addresses, IBANs (mod-97 checksum), payment cards (Luhn), Dutch BSNs (11-test),
 * phone numbers, IPv4 and IPv6 addresses, and configured regex types. Checksums keep look-alike numbers out.
 */
final class LegacyPiiDetector {

    static final Pattern EMAIL = Pattern.compile("(?<![\\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![\\w-])");
    static final Pattern IBAN = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])");
    static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    static final Pattern BSN = Pattern.compile("(?<![\\d.-])\\d{9}(?![\\d-])|(?<![\\d.])\\d{4}\\.\\d{2}\\.\\d{3}(?![\\d.])");
    static final Pattern PHONE = Pattern.compile("(?<![\\w+(])(?:\\+|00|\\()?\\d[\\d ().-]{6,18}\\d(?![\\w-])");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}.*|\\d{1,3}(?:\\.\\d{1,3}){3}");
    static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}(?![\\d.]|\\.\\d)");
    static final Pattern IPV6 = Pattern.compile("(?<![\\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\\w:])");

    private final Map<String, Pattern> custom;

    LegacyPiiDetector(Map<String, String> customTypes) {
        Map<String, Pattern> c = new LinkedHashMap<>();
        customTypes.forEach((k, v) -> c.put(k, Pattern.compile(v)));
        this.custom = c;
    }

    public List<Span> find(String text) {
        List<Span> spans = new ArrayList<>();
        if (text.indexOf('@') >= 0) {
            int[] at = emailCandidates(text);
            add(spans, EMAIL, "EMAIL", text, at, at.length, i -> emailStart(text, i), s -> true);
        }
        int[] numbers = new int[16];
        int count = numberStarts(text, numbers);
        if (count > numbers.length) numberStarts(text, numbers = new int[count]);
        if (lettersThenDigits(text)) {
            int[] iban = new int[count];
            int c = 0;
            for (int k = 0; k < count; k++) if (numbers[k] >= 2 && ibanStart(text, numbers[k] - 2)) iban[c++] = numbers[k] - 2;
            add(spans, IBAN, "IBAN", text, iban, c, i -> true, LegacyPiiDetector::ibanValid);
        }
        if (digitCluster(text, 9)) {
            add(spans, CARD, "CARD", text, numbers, count, i -> digitAfter(text, i, "-"), LegacyPiiDetector::luhnValid);
            add(spans, BSN, "BSN", text, numbers, count, i -> digitAfter(text, i, "."), LegacyPiiDetector::bsnValid);
            add(spans, PHONE, "PHONE", text, numbers, count, i -> phoneStart(text, i), LegacyPiiDetector::phoneLike);
        }
        if (between(text, '.', Character::isDigit))
            add(spans, IPV4, "IP", text, numbers, count, i -> digitAfter(text, i, "."), s -> true);
        if (between(text, ':', c -> Character.digit(c, 16) >= 0 || c == ':'))
            LegacyAnchored.findAll(IPV6, text, i -> ipv6Start(text, i), m -> {
                if (ipv6Valid(m.group())) spans.add(new Span("IP", m.start(), m.end()));
            });
        custom.forEach((type, p) -> {
            var m = p.matcher(text);
            while (m.find()) if (m.end() > m.start()) spans.add(new Span(type, m.start(), m.end()));
        });
        return Spans.disjoint(spans);
    }

    // Cheap linear checks that let most texts skip most regexes: each is implied by every match of its regex.

    /** Two letters directly followed by two digits somewhere (every IBAN starts so). */
    private static boolean lettersThenDigits(String t) {
        for (int i = 0; i + 3 < t.length(); i++) {
            if (Character.isLetter(t.charAt(i)) && Character.isLetter(t.charAt(i + 1)) && Character.isDigit(t.charAt(i + 2))
                    && Character.isDigit(t.charAt(i + 3))) return true;
        }
        return false;
    }

    /** At least {@code n} digits in one run of digits and number punctuation (cards, BSNs, phone numbers). */
    private static boolean digitCluster(String t, int n) {
        int digits = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits >= n) return true;
            } else if (" ().+-".indexOf(c) < 0) {
                digits = 0;
            }
        }
        return false;
    }

    /** Whether {@code sep} occurs with a character satisfying {@code side} on both sides. */
    private static boolean between(String t, char sep, java.util.function.IntPredicate side) {
        for (int i = t.indexOf(sep, 1); i > 0 && i + 1 < t.length(); i = t.indexOf(sep, i + 1)) {
            if (side.test(t.charAt(i - 1)) && side.test(t.charAt(i + 1))) return true;
        }
        return false;
    }

    // Where each regex can start, read off its first atom and its look-behind (AnchoredSearchTest checks them against plain find()).

    /**
     * Positions of a digit, {@code +} or {@code (} not preceded by a digit, into {@code out} while it has room; returns
     * how many there are. Every card, BSN, phone number and IPv4 address starts at one, and every IBAN two before one.
     */
    static int numberStarts(String t, int[] out) {
        int count = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if ((digit(c) || c == '+' || c == '(') && (i == 0 || !digit(t.charAt(i - 1)))) {
                if (count < out.length) out[count] = i;
                count++;
            }
        }
        return count;
    }

    /** For each {@code @}, the start of the run of local-part characters before it (where an e-mail match must start). */
    static int[] emailCandidates(String t) {
        return LegacyAnchored.runsBefore(t, "@", LegacyPiiDetector::localPart, 65, 1);
    }

    static boolean emailStart(String t, int i) {
        if (!localPart(t.charAt(i)) || (i > 0 && localPart(t.charAt(i - 1)))) return false;
        int end = Math.min(t.length(), i + 65);
        for (int j = i + 1; j < end; j++) {
            char c = t.charAt(j);
            if (c == '@') return true;
            if (!localPart(c)) return false;
        }
        return false;
    }

    private static boolean localPart(char c) {
        return asciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    static boolean ibanStart(String t, int i) {
        return i + 3 < t.length() && asciiLetter(t.charAt(i)) && asciiLetter(t.charAt(i + 1)) && digit(t.charAt(i + 2))
                && digit(t.charAt(i + 3)) && (i == 0 || !asciiAlnum(t.charAt(i - 1)));
    }

    /** A digit not preceded by a digit or by one of {@code also}. */
    static boolean digitAfter(String t, int i, String also) {
        if (!digit(t.charAt(i)) || i == 0) return digit(t.charAt(i));
        char b = t.charAt(i - 1);
        return !digit(b) && also.indexOf(b) < 0;
    }

    static boolean phoneStart(String t, int i) {
        char c = t.charAt(i);
        if (!digit(c) && c != '+' && c != '(') return false;
        if (i == 0) return true;
        char b = t.charAt(i - 1);
        return !asciiAlnum(b) && b != '_' && b != '+' && b != '(';
    }

    static boolean ipv6Start(String t, int i) {
        char c = t.charAt(i);
        if (Character.digit(c, 16) < 0 || c > 'f') {
            if (c != ':') return false;
        }
        if (i == 0) return true;
        char b = t.charAt(i - 1);
        return !asciiAlnum(b) && b != '_' && b != ':';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean asciiAlnum(char c) {
        return asciiLetter(c) || digit(c);
    }

    private static void add(List<Span> out, Pattern p, String type, String text, int[] positions, int count,
                            java.util.function.IntPredicate canStart, java.util.function.Predicate<String> valid) {
        LegacyAnchored.findAll(p, text, positions, count, canStart, m -> {
            if (valid.test(m.group())) out.add(new Span(type, m.start(), m.end()));
        });
    }

    static boolean ibanValid(String s) {
        String iban = s.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34) return false;
        String r = iban.substring(4) + iban.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            if (v < 0 || v > 35) return false;
            mod = v > 9 ? (mod * 100 + v) % 97 : (mod * 10 + v) % 97;
        }
        return mod == 1;
    }

    static boolean luhnValid(String s) {
        String d = s.replaceAll("[ -]", "");
        if (d.length() < 13 || d.length() > 19 || d.chars().distinct().count() < 2) return false;
        int sum = 0;
        for (int i = 0; i < d.length(); i++) {
            int v = d.charAt(d.length() - 1 - i) - '0';
            if (i % 2 == 1 && (v *= 2) > 9) v -= 9;
            sum += v;
        }
        return sum % 10 == 0;
    }

    static boolean bsnValid(String s) {
        String d = s.replace(".", "");
        if (d.length() != 9 || d.chars().distinct().count() < 3) return false;
        int sum = 0;
        for (int i = 0; i < 8; i++) sum += (9 - i) * (d.charAt(i) - '0');
        sum -= d.charAt(8) - '0';
        return sum % 11 == 0 && sum != 0;
    }

    static boolean phoneLike(String s) {
        if (DATE_LIKE.matcher(s).matches()) return false;
        long digits = s.chars().filter(Character::isDigit).count();
        if (digits < 9 || digits > 15 || s.chars().filter(Character::isDigit).distinct().count() < 3) return false;
        boolean international = s.startsWith("+") || s.startsWith("00");
        boolean trunk = s.startsWith("0") || s.startsWith("(0");
        boolean grouped = s.indexOf(' ') > 0 || s.indexOf('-') > 0 || s.indexOf('(') >= 0;
        return international || (trunk && (digits == 10 || grouped));
    }

    static boolean ipv6Valid(String s) {
        int dbl = s.indexOf("::");
        if (dbl != s.lastIndexOf("::") && dbl >= 0) return false;
        String[] groups = s.split(":", -1);
        int nonEmpty = 0;
        for (String g : groups) {
            if (g.length() > 4) return false;
            if (!g.isEmpty()) nonEmpty++;
        }
        if (dbl < 0) return groups.length == 8 && nonEmpty == 8;
        return nonEmpty >= 1 && nonEmpty <= 7 && !s.matches("[0-9]*(?::[0-9]*)*");
    }
}
