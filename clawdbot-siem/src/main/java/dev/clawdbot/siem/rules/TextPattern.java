package dev.clawdbot.siem.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code match}/{@code regex}/{@code prematch}/{@code field} pattern in one of Wazuh's three
 * dialects. None of them backtracks: OS_Regex runs on a Pike VM, OS_Match is plain substring search and
 * pcre2 patterns run on RE2/J (constructs RE2 cannot do in linear time, such as back-references and
 * look-arounds, are refused when the rule file loads).
 */
sealed interface TextPattern permits TextPattern.OsRegexPattern, TextPattern.OsMatchPattern, TextPattern.Pcre2Pattern {

    /** A match: where it ends in the input and the captured groups (null for a group that did not take part). */
    record Found(int end, List<String> groups) {
    }

    /** The first match in {@code s}, or null. */
    Found find(String s);

    /** Whether {@code negate="yes"} was given: the condition holds when the pattern does not match. */
    boolean negated();

    String source();

    default boolean test(String s) {
        return (s != null && find(s) != null) != negated();
    }

    /** Compiles {@code source} as {@code type} (osregex, osmatch or pcre2); the message names the problem. */
    static TextPattern compile(String type, String source, boolean negate) {
        return switch (type) {
            case "osregex" -> new OsRegexPattern(OsRegex.compile(source), negate);
            case "osmatch" -> new OsMatchPattern(OsMatch.compile(source), negate);
            case "pcre2" -> new Pcre2Pattern(pcre2(source), negate);
            default -> throw new IllegalArgumentException("type=\"" + type + "\" is not supported (osregex, osmatch, pcre2)");
        };
    }

    private static Pattern pcre2(String source) {
        try {
            return Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pcre2 construct not supported by RE2 (no back-references or look-arounds): "
                    + e.getDescription() + " in '" + source + "'");
        }
    }

    record OsRegexPattern(OsRegex regex, boolean negated) implements TextPattern {
        @Override
        public Found find(String s) {
            int[] m = regex.find(s);
            if (m == null) return null;
            List<String> groups = new ArrayList<>(regex.groups());
            for (int g = 0; g < regex.groups(); g++) {
                int from = m[2 + 2 * g];
                int to = m[3 + 2 * g];
                groups.add(from >= 0 && to >= from ? s.substring(from, to) : null);
            }
            return new Found(m[1], groups);
        }

        @Override
        public String source() {
            return regex.toString();
        }
    }

    record OsMatchPattern(OsMatch match, boolean negated) implements TextPattern {
        @Override
        public Found find(String s) {
            int end = match.find(s);
            return end < 0 ? null : new Found(end, List.of());
        }

        @Override
        public boolean test(String s) {
            return (s != null && match.find(s) >= 0) != negated;
        }

        @Override
        public String source() {
            return match.toString();
        }
    }

    record Pcre2Pattern(Pattern pattern, boolean negated) implements TextPattern {
        @Override
        public Found find(String s) {
            Matcher m = pattern.matcher(s);
            if (!m.find()) return null;
            List<String> groups = new ArrayList<>(m.groupCount());
            for (int g = 1; g <= m.groupCount(); g++) groups.add(m.group(g));
            return new Found(m.end(), groups);
        }

        @Override
        public String source() {
            return pattern.pattern();
        }
    }
}
