package dev.clawdbot.guard.scan;

import com.google.re2j.Pattern;

import dev.clawdbot.guard.text.Confusables;
import dev.clawdbot.guard.text.TextView;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;


/**
 * Scores URLs: {@code javascript:} and {@code data:} URLs, userinfo tricks ({@code https://bank.example@evil.example}),
 * IP-literal hosts (encoded forms worse than dotted ones, public worse than private), punycode and confusable
 * host names, suspicious top-level domains, link shorteners and a local blocklist. Per URL the signals combine
 * as a noisy-or; the text scores as its worst URL.
 */
public final class UrlScanner implements Scanner {

    /** Not after a word character or hyphen; {@code (?i)} and {@code \\s} spelled out as Java reads them. */
    static final Pattern URL = Anchored.compile("\\w-", Anchored.asciiCaseless("(?:(?:https?|ftp|wss?)://|www\\.)") + upTo2048("[^" + Anchored.SPACE + "<>\"'`)\\]]") + "|"
            + Anchored.asciiCaseless("(?:javascript|vbscript|data):") + upTo2048("[^" + Anchored.SPACE + "<>\"'`]"), null);
    private static final Pattern DOTTED_IP = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
    private static final Pattern ENCODED_IP = Pattern.compile("(?:0x[0-9a-f]{1,8}|\\d{8,10}|0[0-7]{1,3}(?:\\.0?[0-7]{1,3}){0,3})");
    private static final Set<String> SHORTENERS = Set.of("bit.ly", "tinyurl.com", "t.co", "goo.gl", "is.gd", "ow.ly", "buff.ly",
            "rebrand.ly", "cutt.ly", "shorturl.at", "rb.gy", "tiny.cc", "t.ly", "s.id", "v.gd", "bl.ink", "lnkd.in", "shorturl.gg");

    private final Set<String> suspiciousTlds;
    private final UrlBlocklist blocklist;

    public UrlScanner(List<String> suspiciousTlds, UrlBlocklist blocklist) {
        this.suspiciousTlds = Set.copyOf(suspiciousTlds);
        this.blocklist = blocklist;
    }

    @Override
    public String name() {
        return "urls";
    }

    @Override
    public ScanScore scan(TextView view) {
        Set<String> reasons = new LinkedHashSet<>();
        double[] worst = {0};
        String text = view.original();
        Anchored.findAll(URL, text, null, i -> urlStart(text, i), m -> {
            Set<String> r = new LinkedHashSet<>();
            double s = score(m.group(1), r);
            if (s > 0) reasons.addAll(r);
            worst[0] = Math.max(worst[0], s);
        });
        return worst[0] == 0 ? ScanScore.NONE : new ScanScore(worst[0], List.copyOf(reasons));
    }

    /** {@code cls{1,2048}}: RE2/J allows repeat counts up to 1000, and for one greedy class the split is the same. */
    private static String upTo2048(String cls) {
        return cls + "{1,1000}" + cls + "{0,1000}" + cls + "{0,48}";
    }

    /** The first letter of a scheme or of {@code www.}, not inside a word: where every match of {@link #URL} starts. */
    static boolean urlStart(String t, int i) {
        char c = (char) (t.charAt(i) | 0x20);
        if (c != 'h' && c != 'f' && c != 'w' && c != 'j' && c != 'v' && c != 'd') return false;
        if (i == 0) return true;
        char b = t.charAt(i - 1);
        return !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-');
    }

    double score(String url, Set<String> reasons) {
        String lower = url.toLowerCase(Locale.ROOT);
        double miss = 1;
        if (lower.startsWith("javascript:") || lower.startsWith("vbscript:")) {
            reasons.add("script-url");
            return 1.0;
        }
        if (lower.startsWith("data:")) {
            reasons.add("data-url");
            return lower.startsWith("data:image/") && !lower.startsWith("data:image/svg") ? 0.5 : 0.9;
        }
        String authority = authorityOf(url);
        String host = hostOf(lower);
        if (authority.indexOf('@') >= 0) {
            reasons.add("userinfo");
            miss *= 1 - 0.9;
        }
        if (host != null) {
            String bare = host.startsWith("[") ? host : withoutTrailingDot(host);
            if (bare.startsWith("[") || DOTTED_IP.matcher(bare).matches()) {
                reasons.add("ip-host");
                miss *= 1 - (isPrivate(bare) ? 0.3 : 0.7);
            } else if (ENCODED_IP.matcher(bare).matches()) {
                reasons.add("encoded-ip-host");
                miss *= 1 - 0.9;
            }
            if (bare.contains("xn--")) {
                reasons.add("punycode");
                miss *= 1 - 0.8;
            }
            if (!bare.chars().allMatch(c -> c < 0x80)) {
                boolean imitates = Confusables.foldAll(bare).chars().allMatch(c -> c < 0x80);
                reasons.add(imitates ? "confusable-host" : "non-ascii-host");
                miss *= 1 - (imitates ? 0.9 : 0.5);
            }
            int dot = bare.lastIndexOf('.');
            if (dot > 0 && suspiciousTlds.contains(bare.substring(dot + 1))) {
                reasons.add("suspicious-tld");
                miss *= 1 - 0.5;
            }
            if (SHORTENERS.contains(bare.startsWith("www.") ? bare.substring(4) : bare)) {
                reasons.add("shortener");
                miss *= 1 - 0.5;
            }
        }
        if (blocklist.blocks(lower, host == null ? null : withoutTrailingDot(host))) {
            reasons.add("blocklist");
            return 1.0;
        }
        return 1 - miss;
    }

    /**
     * {@code host.replaceFirst("\\.$", "")}: java.util.regex's {@code $} also matches before a final line terminator,
     * and of those only U+0085, U+2028 and U+2029 can be in a URL match.
     */
    static String withoutTrailingDot(String host) {
        int n = host.length();
        if (n > 0 && host.charAt(n - 1) == '.') return host.substring(0, n - 1);
        if (n > 1 && host.charAt(n - 2) == '.' && "\u0085\u2028\u2029\n\r".indexOf(host.charAt(n - 1)) >= 0)
            return host.substring(0, n - 2) + host.charAt(n - 1);
        return host;
    }

    private static String authorityOf(String url) {
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < url.length() && "/?#\\".indexOf(url.charAt(end)) < 0) end++;
        return url.substring(start, end);
    }

    /** The lower-cased host of a URL (without userinfo and port), or null when there is none. */
    static String hostOf(String url) {
        String authority = authorityOf(url).toLowerCase(Locale.ROOT);
        int at = authority.lastIndexOf('@');
        if (at >= 0) authority = authority.substring(at + 1);
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(0, close + 1) : authority;
        }
        int colon = authority.indexOf(':');
        if (colon >= 0) authority = authority.substring(0, colon);
        return authority.isEmpty() ? null : authority;
    }

    private static boolean isPrivate(String host) {
        if (host.startsWith("[")) return host.startsWith("[::1]") || host.startsWith("[fd") || host.startsWith("[fe80");
        String[] p = host.split("\\.");
        int a = Integer.parseInt(p[0]), b = Integer.parseInt(p[1]);
        return a == 10 || a == 127 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127);
    }
}
