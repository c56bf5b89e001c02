package dev.clawdbot.guard.scan;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The versioned injection pattern pack, compiled once. Each line of the TSV resource is
 * {@code id, category, language, score, regex}. A space in a regex (outside a character class) stands for up to
 * three characters that are neither letters nor digits, so "ignore all" also matches "ignore - all" and "ignoreall".
 * The patterns run on RE2/J (linear time: they read hostile text), written in java.util.regex syntax: {@code .},
 * {@code \s} and {@code \S} keep Java's meaning (RE2/J's {@code .} also matches \r, U+0085, U+2028 and U+2029; its
 * {@code \s} lacks \x0B). What RE2/J cannot run — look-around, backreferences, possessive or atomic groups — and
 * {@code (?i)} (RE2/J folds Unicode; the pack runs on case-folded text) are refused at load with the line.
 */
public final class PatternPack {

    /**
     * One compiled pattern: {@code pattern} for a search, {@code atStart} and {@code afterOne} (one consumed character
     * first) for the anchored tries of {@link #find}. Those two begin with {@code \A}: RE2/J's {@code lookingAt} alone
     * does not stop when every thread has died but steps its empty machine on to the end of the input, so each try
     * read the whole rest of the text (about 50 µs per try on a 4 KB e-mail, 19 tries per pattern; profiled with JFR,
     * {@code Machine.free} and {@code Machine.match} were 70% of the samples). A program that starts with {@code \A}
     * stops at the first position with no thread left; {@code \A} at the input's start changes no match.
     */
    public record Entry(String id, String category, String language, double score, Pattern pattern, Pattern atStart, Pattern afterOne) {
        Entry(String id, String category, String language, double score, String regex) {
            this(id, category, language, score, Pattern.compile(regex), Pattern.compile("\\A(?:" + regex + ")"),
                    Pattern.compile("\\A(?s:.)(?:" + regex + ")"));
        }
    }

    /** The text from {@code from} on, without a copy: RE2/J's {@code lookingAt} anchors at the start of its input. */
    private record Tail(String text, int from) implements CharSequence {
        @Override
        public int length() {
            return text.length() - from;
        }

        @Override
        public char charAt(int index) {
            return text.charAt(from + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(from + start, from + end);
        }

        @Override
        public String toString() {
            return text.substring(from);
        }
    }

    private static final String GAP = "[^\\p{L}\\p{N}]{0,3}";
    private static final String RESOURCE = "/dev/clawdbot/guard/patterns.tsv";

    private final String version;
    private final List<Entry> entries;
    private final Triggers triggers;

    private PatternPack(String version, List<Entry> entries, List<String> sources) {
        this.version = version;
        this.entries = List.copyOf(entries);
        this.triggers = new Triggers(sources);
    }

    public static PatternPack builtIn() {
        try (InputStream in = PatternPack.class.getResourceAsStream(RESOURCE)) {
            return parse(Objects.requireNonNull(in, RESOURCE), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static PatternPack parse(InputStream in, String origin) throws IOException {
        String version = null;
        List<Entry> entries = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            if (line.startsWith("#")) {
                if (line.startsWith("# version\t")) version = line.substring("# version\t".length()).strip();
                continue;
            }
            String[] f = line.split("\t", 5);
            if (f.length != 5) throw new IllegalArgumentException(origin + ":" + lineNo + ": expected 5 tab-separated fields, got " + f.length);
            String where = origin + ":" + lineNo + ": pattern " + f[0] + ": ";
            String unsupported = unsupported(f[4]);
            if (unsupported != null) throw new IllegalArgumentException(where + unsupported);
            try {
                entries.add(new Entry(f[0], f[1], f[2], Double.parseDouble(f[3]), expand(f[4])));
                sources.add(f[4]);
            } catch (PatternSyntaxException | NumberFormatException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (version == null) throw new IllegalArgumentException(origin + ": missing '# version' line");
        return new PatternPack(version, entries, sources);
    }

    /** Why RE2/J cannot run {@code regex} as java.util.regex would, or null. */
    static String unsupported(String regex) {
        boolean inClass = false, quantified = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
            boolean afterQuantifier = quantified;
            quantified = !inClass && "*+?}".indexOf(c) >= 0 && (i == 0 || regex.charAt(i - 1) != '(');
            if (c == '\\') {
                quantified = false;
                if (next >= '1' && next <= '9' || next == 'k') return "backreference \\" + next + " (RE2/J has none; the pack must run in linear time)";
                if (next == 'S' && inClass) return "\\S inside a character class (write the class out)";
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && c == '(' && regex.startsWith("(?", i)) {
                if (regex.startsWith("(?=", i) || regex.startsWith("(?!", i) || regex.startsWith("(?<=", i) || regex.startsWith("(?<!", i))
                    return "look-around at column " + (i + 1) + " (RE2/J has none: use \\b or a wider match)";
                if (regex.startsWith("(?>", i)) return "atomic group at column " + (i + 1) + " (RE2/J has none)";
                if (regex.startsWith("(?i", i)) return "(?i) at column " + (i + 1) + " (the pack runs on case-folded text; write it lower-case)";
            } else if (!inClass && c == '+' && afterQuantifier) {
                return "possessive quantifier at column " + (i + 1) + " (RE2/J has none)";
            }
        }
        return null;
    }

    /** Java's {@code \s} without UNICODE_CHARACTER_CLASS, as members of a character class. */
    private static final String SPACE = " \\t\\n\\x0B\\f\\r";

    static String expand(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 64);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char e = regex.charAt(++i);
                if (e == 's') out.append(inClass ? SPACE : "[" + SPACE + "]");
                else if (e == 'S') out.append("[^" + SPACE + "]");
                else out.append(c).append(e);
            } else if (c == '.' && !inClass) {
                out.append("[^\\n\\r\\x{85}\\x{2028}\\x{2029}]");
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == ' ' && !inClass) {
                out.append(GAP);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public String version() {
        return version;
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * Where {@code e} first matches {@code text} ({start, end}), or null, given its {@code starts} from
     * {@link #starts(String)}. Patterns with known start positions are tried anchored there only, which keeps a scan of
     * many patterns over a long text close to one pass: RE2/J anchors only at the start of its input, so each try reads
     * the text from one character before the start, which {@code afterOne} consumes (the context {@code \\b} needs).
     */
    public static int[] find(Entry e, int[] starts, String text) {
        if (starts == null) return null;
        if (starts == Triggers.FULL_SCAN) {
            Matcher m = e.pattern().matcher(text);
            return m.find() ? new int[]{m.start(), m.end()} : null;
        }
        for (int pos : starts) {
            int from = Math.max(0, pos - 1);
            Matcher m = (pos == 0 ? e.atStart() : e.afterOne()).matcher(new Tail(text, from));
            if (m.lookingAt()) return new int[]{pos, from + m.end()};
        }
        return null;
    }

    /** Per pattern, where its matches can start in {@code text} (see {@link #find}); one linear pass. */
    public int[][] starts(String text) {
        return triggers.starts(text, entries.size());
    }

    /** How many patterns the literal prefilter covers (the rest always run). */
    public int prefiltered() {
        return triggers.prefiltered();
    }
}
