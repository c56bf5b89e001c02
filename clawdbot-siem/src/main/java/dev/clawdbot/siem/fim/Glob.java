package dev.clawdbot.siem.fim;

import com.google.re2j.Pattern;

/**
 * A shell glob ({@code *} within a segment, {@code **} across segments, {@code ?}, {@code [abc]}, {@code [!a-z]})
 * translated to an RE2/J pattern: file names are untrusted text and never meet a backtracking matcher. A glob
 * without {@code /} is matched against the file name, one with {@code /} against the whole path.
 */
record Glob(String text, Pattern pattern, boolean wholePath) {

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    static Glob compile(String key, String glob) {
        if (glob == null || glob.isBlank() || glob.length() > 1024) throw new IllegalArgumentException(key + ": '" + glob + "' is not a glob of 1..1024 characters");
        StringBuilder re = new StringBuilder("^");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        // "**/" also matches no directory at all: /etc/**/x matches /etc/x.
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) throw new IllegalArgumentException(key + ": '" + glob + "': '[' without ']'");
                    String body = glob.substring(i + 1, end);
                    boolean negate = body.startsWith("!") || body.startsWith("^");
                    if (negate) body = body.substring(1);
                    re.append(negate ? "[^/" : "[");
                    for (char b : body.toCharArray()) re.append(b == '-' ? "-" : literal(b));
                    re.append(']');
                    i = end;
                }
                default -> re.append(c == '/' ? "/" : literal(c));
            }
        }
        re.append('$');
        return new Glob(glob, Pattern.compile(re.toString()), glob.indexOf('/') >= 0);
    }

    /** ASCII punctuation escaped; letters, digits and non-ASCII as they are. */
    private static String literal(char c) {
        return c < 0x80 && !Character.isLetterOrDigit(c) ? "\\" + c : String.valueOf(c);
    }

    boolean matches(String path) {
        String s = wholePath ? path : path.substring(path.lastIndexOf('/') + 1);
        return pattern.matches(s);
    }
}
