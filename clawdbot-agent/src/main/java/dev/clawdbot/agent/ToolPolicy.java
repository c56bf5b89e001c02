package dev.clawdbot.agent;

import java.util.List;

/**
 * One layer of tool policy: names or {@code *}-globs that are allowed and denied. A tool passes a layer when
 * it matches {@code allow} and does not match {@code deny}; a tool must pass every layer (global, then agent),
 * so the strictest layer wins and a deny anywhere beats an allow anywhere.
 */
public record ToolPolicy(List<String> allow, List<String> deny) {

    public static final ToolPolicy ALLOW_ALL = new ToolPolicy(null, null);

    public ToolPolicy {
        allow = allow == null ? List.of("*") : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
        for (String p : allow) checkPattern("allow", p);
        for (String p : deny) checkPattern("deny", p);
    }

    /** Whether this layer lets {@code tool} through. */
    public boolean permits(String tool) {
        return matchesAny(allow, tool) && !matchesAny(deny, tool);
    }

    private static boolean matchesAny(List<String> patterns, String tool) {
        for (String p : patterns) if (matches(p, tool)) return true;
        return false;
    }

    /**
     * Glob match where {@code *} stands for any run of characters. Checked for every offered tool on every turn,
     * so it is a plain scan, not a regex compiled per call: each {@code *} remembers where it was, and a
     * mismatch retries from there one character further on (linear for one star, at most pattern × tool).
     */
    static boolean matches(String pattern, String tool) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < tool.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == tool.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    private static void checkPattern(String key, String p) {
        if (p == null || !p.matches("[a-zA-Z0-9_*-]{1,64}")) {
            throw new IllegalArgumentException("tools." + key + ": invalid tool name or pattern '" + p
                    + "' (letters, digits, '_', '-', and '*' as wildcard)");
        }
    }
}
