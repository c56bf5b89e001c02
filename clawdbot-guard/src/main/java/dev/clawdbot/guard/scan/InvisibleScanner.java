package dev.clawdbot.guard.scan;

import dev.clawdbot.guard.text.InvisibleCounts;
import dev.clawdbot.guard.text.TextView;

import java.util.ArrayList;
import java.util.List;

/**
 * Flags characters that hide or reorder text. Tag characters (ASCII smuggling) and bidi overrides score high;
 * a few zero-width or private-use characters (emoji joiners, icon fonts) score low, many score high.
 */
public final class InvisibleScanner implements Scanner {

    @Override
    public String name() {
        return "invisible";
    }

    @Override
    public ScanScore scan(TextView view) {
        InvisibleCounts c = view.invisibles();
        if (c.total() == 0) return ScanScore.NONE;
        List<String> reasons = new ArrayList<>();
        double score = 0;
        if (c.tag() > 0) {
            reasons.add("tag-characters:" + c.tag());
            score = Math.max(score, c.tag() >= 2 ? 1.0 : 0.7);
        }
        if (c.bidi() > 0) {
            reasons.add("bidi-controls:" + c.bidi());
            score = Math.max(score, c.bidi() >= 2 ? 0.9 : 0.5);
        }
        if (c.zeroWidth() > 0) {
            reasons.add("zero-width:" + c.zeroWidth());
            score = Math.max(score, c.zeroWidth() >= 5 ? 0.9 : 0.1 * c.zeroWidth());
        }
        if (c.privateUse() > 0) {
            reasons.add("private-use:" + c.privateUse());
            score = Math.max(score, c.privateUse() >= 8 ? 0.85 : 0.05 * c.privateUse());
        }
        return new ScanScore(score, reasons);
    }
}
