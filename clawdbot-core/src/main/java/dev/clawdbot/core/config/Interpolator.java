package dev.clawdbot.core.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in one scalar value; {@code $${} is a literal {@code ${}.
 * Substituted text is never scanned again, so a variable's value cannot expand further.
 */
final class Interpolator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;

    Interpolator(Map<String, String> env) {
        this.env = env == null ? Map.of() : env;
    }

    /** The value and whether any variable was substituted into it (such values are not quoted in messages). */
    record Result(String value, boolean substituted) {
    }

    /** @throws IllegalArgumentException naming the variable or the syntax problem, never the value */
    Result apply(String s) {
        if (s.indexOf('$') < 0) return new Result(s, false);
        StringBuilder out = new StringBuilder(s.length());
        boolean substituted = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '$' && s.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) throw new IllegalArgumentException("unclosed '${' (write $${ for a literal '${')");
                String inner = s.substring(i + 2, end);
                int sep = inner.indexOf(":-");
                String name = sep < 0 ? inner : inner.substring(0, sep);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'${" + shorten(inner) + "}' is not a variable reference: "
                            + "use ${NAME} or ${NAME:-default} with NAME made of letters, digits and _");
                }
                String value = env.get(name);
                if (value == null || (sep >= 0 && value.isEmpty())) {
                    if (sep < 0) {
                        throw new IllegalArgumentException("environment variable " + name
                                + " is not set (set it, or write ${" + name + ":-default} to give a default)");
                    }
                    value = inner.substring(sep + 2);
                }
                out.append(value);
                substituted = true;
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), substituted);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
