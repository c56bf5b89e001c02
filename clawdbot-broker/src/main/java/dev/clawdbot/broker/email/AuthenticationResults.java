package dev.clawdbot.broker.email;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Authentication-Results headers (RFC 8601) the way an approval check must: only the topmost header
 * whose authserv-id is a trusted receiving server counts, because that server prepends its own and anyone
 * upstream (the spoofer included) can add theirs below it. A pass counts only when aligned with the From
 * domain: {@code dkim=pass header.d=}, {@code dmarc=pass header.from=} or {@code spf=pass smtp.mailfrom=}.
 */
final class AuthenticationResults {

    /** One {@code method=result} with its properties, e.g. {@code dkim=pass header.d=example.org}. */
    record Result(String method, String result, Map<String, String> properties) {
    }

    record Header(String authservId, List<Result> results) {
    }

    private AuthenticationResults() {
    }

    /** The verdict for a message: why it passed or why not; never throws on malformed input. */
    static String verify(List<String> headersTopDown, Set<String> trustedAuthservIds, String fromDomain) {
        if (trustedAuthservIds.isEmpty()) return "no trusted authserv-id configured";
        for (String raw : headersTopDown) {
            Header h = parse(raw);
            if (h == null || !trustedAuthservIds.contains(h.authservId())) continue;
            String d = fromDomain.toLowerCase(Locale.ROOT);
            for (Result r : h.results()) {
                if (!r.result().equals("pass")) continue;
                String domain = switch (r.method()) {
                    case "dkim" -> r.properties().getOrDefault("header.d", domainOf(r.properties().get("header.i")));
                    case "dmarc" -> r.properties().get("header.from");
                    case "spf" -> domainOf(r.properties().getOrDefault("smtp.mailfrom", r.properties().get("smtp.helo")));
                    default -> null;
                };
                if (domain != null && aligned(d, domain.toLowerCase(Locale.ROOT))) return "pass";
            }
            return "trusted header from " + h.authservId() + " has no aligned pass for " + d;
        }
        return "no Authentication-Results header from a trusted server";
    }

    private static boolean aligned(String from, String authenticated) {
        return from.equals(authenticated) || from.endsWith("." + authenticated) && authenticated.contains(".");
    }

    private static String domainOf(String s) {
        if (s == null) return null;
        int at = s.lastIndexOf('@');
        return at >= 0 ? s.substring(at + 1) : s;
    }

    /** A folded header line break; the header is the sender's text, so RE2/J. */
    private static final com.google.re2j.Pattern FOLD = com.google.re2j.Pattern.compile("\\r?\\n[ \\t]+");
    /** Java's {@code \\s+}. */
    private static final com.google.re2j.Pattern SPACES = com.google.re2j.Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");

    /** {@code s.replaceAll("/.*", "")} for a token without line breaks (it was split on white space). */
    private static String beforeSlash(String s) {
        int i = s.indexOf('/');
        return i < 0 ? s : s.substring(0, i);
    }

    /** Parses one header value; null when it is not even shaped like one. */
    static Header parse(String raw) {
        if (raw == null) return null;
        String v = stripComments(FOLD.matcher(raw).replaceAll(" ")).strip();
        List<String> parts = splitUnquoted(v, ';');
        if (parts.isEmpty()) return null;
        String[] head = SPACES.split(parts.getFirst().strip());
        if (head.length == 0 || head[0].isEmpty()) return null;
        String authserv = head[0].toLowerCase(Locale.ROOT);
        List<Result> results = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            List<String> tokens = splitUnquoted(parts.get(i).strip(), ' ');
            if (tokens.isEmpty() || !tokens.getFirst().contains("=")) continue;
            String[] mr = tokens.getFirst().split("=", 2);
            String method = beforeSlash(mr[0].toLowerCase(Locale.ROOT));
            Map<String, String> props = new HashMap<>();
            for (int t = 1; t < tokens.size(); t++) {
                String tok = tokens.get(t);
                int eq = tok.indexOf('=');
                if (eq <= 0 || !tok.substring(0, eq).contains(".")) continue;
                props.putIfAbsent(tok.substring(0, eq).toLowerCase(Locale.ROOT), unquote(tok.substring(eq + 1)));
            }
            results.add(new Result(method, mr[1].toLowerCase(Locale.ROOT), Map.copyOf(props)));
        }
        return new Header(authserv, List.copyOf(results));
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String stripComments(String s) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && depth == 0) quoted = !quoted;
            if (!quoted && c == '(') depth++;
            else if (!quoted && c == ')' && depth > 0) depth--;
            else if (depth == 0) sb.append(c);
        }
        return sb.toString();
    }

    private static List<String> splitUnquoted(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            if (c == sep && !quoted) {
                if (!cur.toString().isBlank()) out.add(cur.toString().strip());
                cur.setLength(0);
            } else if (sep == ' ' && (c == '\t') && !quoted) {
                if (!cur.toString().isBlank()) out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }
}
