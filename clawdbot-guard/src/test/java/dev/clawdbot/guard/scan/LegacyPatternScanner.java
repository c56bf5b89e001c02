package dev.clawdbot.guard.scan;

import dev.clawdbot.guard.text.TextView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern scanner as it was on java.util.regex (the pack compiled with the old space expansion, the old anchored
 * {@code lookingAt} search at the trigger positions): the reference {@code DetectorDifferentialTest} compares the
 * RE2/J scanner with. Test code only.
 */
final class LegacyPatternScanner {

    private static final Pattern MENTION_CUE = Pattern.compile(
            "prompt[ -]?injection|injection attacks?|jailbreaks? (?:work|prompt|attack)|such as|for example|e\\.g\\.|what does|what is|explain|known as|called|"
                    + "bijvoorbeeld|zoals|wat betekent|leg uit|zum beispiel|par exemple|por ejemplo");
    private static final String QUOTES = "'\"`‘’“”«»„";
    private static final String GAP = "[^\\p{L}\\p{N}]{0,3}";

    private final PatternPack pack;
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<Double> scores = new ArrayList<>();

    LegacyPatternScanner(PatternPack pack) {
        this.pack = pack;
        try (var in = PatternPack.class.getResourceAsStream("/dev/clawdbot/guard/patterns.tsv");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", 5);
                ids.add(f[0]);
                scores.add(Double.parseDouble(f[3]));
                patterns.add(Pattern.compile(expand(f[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String expand(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 64);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) out.append(c).append(regex.charAt(++i));
            else if (c == '[') { inClass = true; out.append(c); }
            else if (c == ']') { inClass = false; out.append(c); }
            else if (c == ' ' && !inClass) out.append(GAP);
            else out.append(c);
        }
        return out.toString();
    }

    private static boolean find(Matcher m, int[] starts, String text) {
        if (starts == null) return false;
        if (starts == Triggers.FULL_SCAN) return m.find();
        m.useTransparentBounds(true).useAnchoringBounds(false);
        for (int pos : starts) {
            m.region(pos, text.length());
            if (m.lookingAt()) return true;
        }
        return false;
    }

    ScanScore scan(TextView view) {
        List<String> texts = view.all();
        Boolean discussing = null;
        double miss = 1;
        List<String> hits = new ArrayList<>();
        List<int[][]> starts = new ArrayList<>(texts.size());
        for (String t : texts) starts.add(pack.starts(t));
        for (int p = 0; p < patterns.size(); p++) {
            for (int i = 0; i < texts.size(); i++) {
                int[] at = starts.get(i)[p];
                if (at == null) continue;
                Matcher m = patterns.get(p).matcher(texts.get(i));
                if (find(m, at, texts.get(i))) {
                    boolean quotedMention = i == 0 && quoted(texts.get(i), m.start(), m.end())
                            && (discussing != null ? discussing : (discussing = MENTION_CUE.matcher(view.folded()).find()));
                    miss *= 1 - (quotedMention ? scores.get(p) / 2 : scores.get(p));
                    hits.add(quotedMention ? ids.get(p) + "(quoted)" : ids.get(p));
                    break;
                }
            }
        }
        return hits.isEmpty() ? ScanScore.NONE : new ScanScore(1 - miss, hits);
    }

    private static boolean quoted(String text, int start, int end) {
        boolean before = false, after = false;
        for (int i = start - 1; i >= Math.max(0, start - 40) && !before; i--) {
            char c = text.charAt(i);
            if (QUOTES.indexOf(c) >= 0) before = true;
            else if (c == '\n' || c == '.') break;
        }
        for (int i = end; i < Math.min(text.length(), end + 40) && !after; i++) {
            char c = text.charAt(i);
            if (QUOTES.indexOf(c) >= 0) after = true;
            else if (c == '\n') break;
        }
        return before && after;
    }
}
