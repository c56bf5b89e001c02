package dev.clawdbot.guard.scan;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds credentials: provider API key formats, bot tokens, JWTs, private key blocks, passwords in URLs and
 * high-entropy values assigned to secret-sounding names.
 */
public final class SecretDetector {

    /** Where a credential format's matches can start; see {@link Anchored}. */
    @FunctionalInterface
    interface Start {
        boolean at(String text, int i);
    }

    /** Positions (ascending) that hold every position a {@link Start} admits, found faster than testing each one. */
    @FunctionalInterface
    interface Candidates {
        int[] of(String text);
    }

    /**
     * A credential format; its regex runs only when one of {@code hints} occurs in the text (cheap literal search), and
     * then only at the positions {@code start} admits (every match starts at one; null: everywhere), taken from
     * {@code candidates} when there is such a list.
     */
    private record Kind(String type, Pattern pattern, int group, Start start, Candidates candidates, String... hints) {
        boolean hinted(String text, String lower) {
            for (String h : hints) if ((h.equals(h.toLowerCase(java.util.Locale.ROOT)) ? lower : text).contains(h)) return true;
            return false;
        }
    }

    private static final String S = Anchored.SPACE;
    private static final List<Kind> KINDS = List.of(
            new Kind("PRIVATE_KEY", Anchored.compile(null, "-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----", null), 0, null, null, "PRIVATE KEY"),
            new Kind("AWS_KEY", Anchored.compile("A-Z0-9", "(?:AKIA|ASIA|AGPA|AROA)[0-9A-Z]{16}", "A-Z0-9"), 0, null, null, "AKIA", "ASIA", "AGPA", "AROA"),
            new Kind("GITHUB_TOKEN", Anchored.compile("A-Za-z0-9_", "gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}", null), 0, null, null, "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
            new Kind("GITLAB_TOKEN", Anchored.compile("A-Za-z0-9_", "glpat-[A-Za-z0-9_-]{20,}", null), 0, null, null, "glpat-"),
            new Kind("ANTHROPIC_KEY", Anchored.compile("A-Za-z0-9_", "sk-ant-[A-Za-z0-9]{2,10}-[A-Za-z0-9_-]{20,}", null), 0, null, null, "sk-ant-"),
            new Kind("OPENAI_KEY", Anchored.compile("A-Za-z0-9_", "sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}", null), 0, null, null, "sk-"),
            new Kind("GOOGLE_API_KEY", Anchored.compile("A-Za-z0-9_", "AIza[0-9A-Za-z_-]{35}", "A-Za-z0-9_-"), 0, null, null, "AIza"),
            new Kind("SLACK_TOKEN", Anchored.compile("A-Za-z0-9_", "xox[abposr]-[A-Za-z0-9-]{10,}", null), 0, null, null, "xox"),
            new Kind("STRIPE_KEY", Anchored.compile("A-Za-z0-9_", "[sr]k_(?:live|test)_[A-Za-z0-9]{16,}", null), 0, null, null, "k_live_", "k_test_"),
            new Kind("HUGGINGFACE_TOKEN", Anchored.compile("A-Za-z0-9_", "hf_[A-Za-z0-9]{30,}", null), 0, null, null, "hf_"),
            new Kind("SENDGRID_KEY", Anchored.compile(null, "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}", null), 0, null, null, "SG."),
            new Kind("TELEGRAM_BOT_TOKEN", Anchored.compile("\\w:", "\\d{8,10}:[A-Za-z0-9_-]{35}", "\\w-"), 0, SecretDetector::telegramStart, SecretDetector::telegramCandidates, ":"),
            new Kind("DISCORD_BOT_TOKEN", Anchored.compile("\\w.-", "[MNO][A-Za-z\\d_-]{23,25}\\.[A-Za-z\\d_-]{6}\\.[A-Za-z\\d_-]{27,}", null), 0, SecretDetector::discordStart, null, "."),
            new Kind("JWT", Anchored.compile("\\w-", "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", null), 0, null, null, "eyJ"),
            new Kind("URL_PASSWORD", Anchored.compile(null, "[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^" + S + ":/@]{1,64}:([^" + S + "@/]{3,128})@", null), 1, SecretDetector::urlPasswordStart, SecretDetector::schemeCandidates, "://"),
            new Kind("ASSIGNED_SECRET", Anchored.compile(null, Anchored.asciiCaseless("(?:api[_-]?key|secret|token|passw(?:or)?d|pwd|access[_-]?key|auth[_-]?key|client[_-]?secret|credential)s?")
                    + "[A-Za-z0-9_]{0,20}[\"']?[" + S + "]{0,3}[:=][" + S + "]{0,3}[\"']?([^" + S + "\"',;]{12,200})", null), 1, null, null, "key", "secret", "token", "passw", "pwd", "credential"));
    private static final Pattern END_KEY = Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----");

    public List<Span> find(String text) {
        List<Span> spans = new ArrayList<>();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        // The END line found last: a key block ends at the first END line after its BEGIN line, and searching afresh
        // per BEGIN line would make a text of BEGIN lines cost quadratic time.
        int[] endLine = {-1, -1};
        Matcher ends = END_KEY.matcher(text);
        for (Kind k : KINDS) {
            if (!k.hinted(text, lower)) continue;
            Anchored.OnMatch onMatch = m -> {
                int start = m.start(1 + k.group), end = m.end(1 + k.group);
                if (k.type.equals("PRIVATE_KEY")) {
                    if (endLine[0] != Integer.MAX_VALUE && endLine[0] < end) {
                        if (ends.find(end)) {
                            endLine[0] = ends.start();
                            endLine[1] = ends.end();
                        } else {
                            endLine[0] = Integer.MAX_VALUE;
                        }
                    }
                    end = endLine[0] == Integer.MAX_VALUE ? text.length() : endLine[1];
                }
                if (k.type.equals("ASSIGNED_SECRET") && !highEntropy(text.substring(start, end))) return;
                spans.add(new Span(k.type, start, end));
            };
            int[] at = k.candidates == null ? null : k.candidates.of(text);
            Anchored.findAll(k.pattern, text, at, k.start == null ? i -> true : i -> k.start.at(text, i), onMatch);
        }
        return Spans.disjoint(spans);
    }

    /** The regex of credential format {@code type}. */
    static Pattern pattern(String type) {
        return KINDS.stream().filter(k -> k.type.equals(type)).findFirst().orElseThrow().pattern;
    }

    /** A run of 8 to 10 digits that starts a word and ends at a colon. */
    static boolean telegramStart(String t, int i) {
        if (!digit(t.charAt(i)) || (i > 0 && (word(t.charAt(i - 1)) || t.charAt(i - 1) == ':'))) return false;
        int j = i;
        while (j < t.length() && digit(t.charAt(j))) j++;
        return j - i >= 8 && j - i <= 10 && j < t.length() && t.charAt(j) == ':';
    }

    /** For each colon, the start of the run of digits before it. */
    static int[] telegramCandidates(String t) {
        return Anchored.runsBefore(t, ":", SecretDetector::digit, 11, 8);
    }

    /** For each "://", the letters among the up to 21 scheme characters before it. */
    static int[] schemeCandidates(String t) {
        int[] out = new int[8];
        int count = 0, next = 0;
        for (int q = t.indexOf("://"); q >= 0; q = t.indexOf("://", q + 1)) {
            int s = q;
            while (s > 0 && q - s < 21 && schemeChar(t.charAt(s - 1))) s--;
            for (int i = Math.max(s, next); i <= q - 2; i++) {
                if (!letter(t.charAt(i))) continue;
                if (count == out.length) out = java.util.Arrays.copyOf(out, count * 2);
                out[count++] = i;
            }
            next = Math.max(next, q - 1);
        }
        return java.util.Arrays.copyOf(out, count);
    }

    private static boolean schemeChar(char c) {
        return letter(c) || digit(c) || c == '+' || c == '.' || c == '-';
    }

    /** M, N or O starting a run of token characters and dots long enough to hold a Discord token. */
    static boolean discordStart(String t, int i) {
        char c = t.charAt(i);
        if ((c != 'M' && c != 'N' && c != 'O') || (i > 0 && (word(t.charAt(i - 1)) || t.charAt(i - 1) == '.' || t.charAt(i - 1) == '-')))
            return false;
        int j = i;
        while (j < t.length() && (word(t.charAt(j)) || t.charAt(j) == '.' || t.charAt(j) == '-')) j++;
        return j - i >= 24 + 1 + 6 + 1 + 27;
    }

    /** A letter that begins a URL scheme: letters, digits, plus, dot or hyphen up to "://". */
    static boolean urlPasswordStart(String t, int i) {
        if (!letter(t.charAt(i))) return false;
        int end = Math.min(t.length(), i + 22);
        for (int j = i + 1; j < end; j++) {
            char c = t.charAt(j);
            if (c == ':') return j >= i + 2 && t.startsWith("://", j);
            if (!letter(c) && !digit(c) && c != '+' && c != '.' && c != '-') return false;
        }
        return false;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean word(char c) {
        return letter(c) || digit(c) || c == '_';
    }

    /** Shannon entropy of at least 3.3 bits per character and at least two character classes. */
    static boolean highEntropy(String s) {
        int[] counts = new int[128];
        int other = 0, classes = 0;
        boolean lower = false, upper = false, digit = false, symbol = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) counts[c]++;
            else other++;
            lower |= Character.isLowerCase(c);
            upper |= Character.isUpperCase(c);
            digit |= Character.isDigit(c);
            symbol |= !Character.isLetterOrDigit(c);
        }
        for (boolean b : new boolean[]{lower, upper, digit, symbol}) if (b) classes++;
        double h = 0;
        for (int c : counts) if (c > 0) h -= (double) c / s.length() * (Math.log((double) c / s.length()) / Math.log(2));
        if (other > 0) h -= (double) other / s.length() * (Math.log((double) other / s.length()) / Math.log(2));
        return h >= 3.3 && classes >= 2;
    }
}
