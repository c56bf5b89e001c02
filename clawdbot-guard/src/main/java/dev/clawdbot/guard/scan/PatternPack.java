package dev.clawdbot.guard.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The versioned injection pattern pack, compiled once. Each line of the TSV resource is
 * {@code id, category, language, score, regex}. A space in a regex (outside a character class) stands for up to
 * three characters that are neither letters nor digits, so "ignore all" also matches "ignore - all" and "ignoreall".
 */
public final class PatternPack {

    /** One compiled pattern. */
    public record Entry(String id, String category, String language, double score, Pattern pattern) {
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
            try {
                entries.add(new Entry(f[0], f[1], f[2], Double.parseDouble(f[3]), Pattern.compile(expand(f[4]))));
                sources.add(f[4]);
            } catch (PatternSyntaxException | NumberFormatException e) {
                throw new IllegalArgumentException(origin + ":" + lineNo + ": pattern " + f[0] + ": " + e.getMessage(), e);
            }
        }
        if (version == null) throw new IllegalArgumentException(origin + ": missing '# version' line");
        return new PatternPack(version, entries, sources);
    }

    static String expand(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 64);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
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
     * Whether pattern {@code index} matches {@code text}, given {@code starts} from {@link #starts(String)}; the matcher is
     * left on the match. Patterns with known start positions are tried anchored there only, which keeps a scan of
     * many patterns over a long text close to one pass.
     */
    public boolean find(java.util.regex.Matcher m, int[] starts, String text) {
        if (starts == null) return false;
        if (starts == Triggers.FULL_SCAN) return m.find();
        m.useTransparentBounds(true).useAnchoringBounds(false);
        for (int pos : starts) {
            m.region(pos, text.length());
            if (m.lookingAt()) return true;
        }
        return false;
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
