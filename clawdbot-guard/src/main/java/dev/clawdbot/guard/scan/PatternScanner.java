package dev.clawdbot.guard.scan;

import dev.clawdbot.guard.text.TextView;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the pattern pack over the folded text and each of its variants. Scores of distinct patterns combine
 * as a noisy-or, so two weak patterns together can reach the threshold that neither reaches alone.
 */
public final class PatternScanner implements Scanner {

    private final PatternPack pack;

    public PatternScanner(PatternPack pack) {
        this.pack = pack;
    }

    @Override
    public String name() {
        return "patterns";
    }

    @Override
    public Finding scan(TextView view) {
        List<String> texts = view.all();
        double miss = 1;
        List<String> hits = new ArrayList<>();
        for (PatternPack.Entry e : pack.entries()) {
            for (String t : texts) {
                if (e.pattern().matcher(t).find()) {
                    miss *= 1 - e.score();
                    hits.add(e.id());
                    break;
                }
            }
        }
        return hits.isEmpty() ? Finding.NONE : new Finding(1 - miss, hits);
    }
}
