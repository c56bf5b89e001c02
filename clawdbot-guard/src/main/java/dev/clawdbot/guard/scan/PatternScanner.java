package dev.clawdbot.guard.scan;

import com.google.re2j.Pattern;

import dev.clawdbot.guard.text.TextView;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the pattern pack over the folded text and each of its variants. Scores of distinct patterns combine
 * as a noisy-or, so two weak patterns together can reach the threshold that neither reaches alone. A match
 * that sits in quotes in a text that talks about attacks ("what does 'ignore previous instructions' mean?")
 * counts half: people discuss injections too.
 */
public final class PatternScanner implements Scanner {

    private static final Pattern MENTION_CUE = Pattern.compile(
            "prompt[ -]?injection|injection attacks?|jailbreaks? (?:work|prompt|attack)|such as|for example|e\\.g\\.|what does|what is|explain|known as|called|"
                    + "bijvoorbeeld|zoals|wat betekent|leg uit|zum beispiel|par exemple|por ejemplo");
    private static final String QUOTES = "'\"`‘’“”«»„";

    private final PatternPack pack;

    public PatternScanner(PatternPack pack) {
        this.pack = pack;
    }

    @Override
    public String name() {
        return "patterns";
    }

    @Override
    public ScanScore scan(TextView view) {
        List<String> texts = view.all();
        Boolean discussing = null;
        double miss = 1;
        List<String> hits = new ArrayList<>();
        List<int[][]> starts = new ArrayList<>(texts.size());
        for (String t : texts) starts.add(pack.starts(t));
        List<PatternPack.Entry> entries = pack.entries();
        for (int p = 0; p < entries.size(); p++) {
            PatternPack.Entry e = entries.get(p);
            for (int i = 0; i < texts.size(); i++) {
                int[] at = starts.get(i)[p];
                if (at == null) continue;
                int[] match = PatternPack.find(e, at, texts.get(i));
                if (match != null) {
                    boolean quotedMention = i == 0 && quoted(texts.get(i), match[0], match[1])
                            && (discussing != null ? discussing : (discussing = MENTION_CUE.matcher(view.folded()).find()));
                    miss *= 1 - (quotedMention ? e.score() / 2 : e.score());
                    hits.add(quotedMention ? e.id() + "(quoted)" : e.id());
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
