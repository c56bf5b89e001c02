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

    static boolean matches(String pattern, String tool) {
        if (!pattern.contains("*")) return pattern.equals(tool);
        StringBuilder re = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            re.append(java.util.regex.Pattern.quote(parts[i]));
        }
        return tool.matches(re.toString());
    }

    private static void checkPattern(String key, String p) {
        if (p == null || !p.matches("[a-zA-Z0-9_*-]{1,64}")) {
            throw new IllegalArgumentException("tools." + key + ": invalid tool name or pattern '" + p
                    + "' (letters, digits, '_', '-', and '*' as wildcard)");
        }
    }
}
