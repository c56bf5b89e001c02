package dev.clawdbot.guard;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.guard.ml.LinearModel;
import dev.clawdbot.guard.ml.TransformerScanner;
import dev.clawdbot.guard.ml.ClassifierScanner;
import dev.clawdbot.guard.scan.InvisibleScanner;
import dev.clawdbot.guard.scan.PatternPack;
import dev.clawdbot.guard.scan.PatternScanner;
import dev.clawdbot.guard.scan.PiiDetector;
import dev.clawdbot.guard.scan.SecretDetector;
import dev.clawdbot.guard.scan.SpanScanner;
import dev.clawdbot.guard.scan.UrlBlocklist;
import dev.clawdbot.guard.scan.UrlScanner;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the scanners a configuration enables, in a fixed order: cheap and decisive first. */
final class Scanners {

    private Scanners() {
    }

    /** The shipped direct and indirect models, or the configured model file for both analyses. */
    private static ClassifierScanner classifier(GuardConfig config) {
        if (config.classifierModel() == null) return new ClassifierScanner(LinearModel::builtIn, LinearModel::builtInIndirect).preload();
        try {
            return new ClassifierScanner(LinearModel.load(Path.of(config.classifierModel())));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("guard.classifierModel: cannot read " + config.classifierModel() + ": " + e.getMessage(), e);
        }
    }

    static Guard build(GuardConfig config, EventSink events, Clock clock) {
        FailureMode wide = config.failure();
        List<ConfiguredScanner> list = new ArrayList<>();
        if (config.invisible().enabled()) list.add(new ConfiguredScanner(new InvisibleScanner(), config.invisible().inheriting(wide)));
        if (config.patterns().enabled())
            list.add(new ConfiguredScanner(new PatternScanner(PatternPack.builtIn()), config.patterns().inheriting(wide)));
        if (config.classifier().enabled())
            list.add(new ConfiguredScanner(classifier(config), config.classifier().inheriting(wide)));
        TransformerSettings t = config.transformer();
        if (t.enabled())
            list.add(new ConfiguredScanner(TransformerScanner.open(Path.of(t.modelDir()), t.maxTokens(), t.maxChunks()), t.settings(wide)));
        LastSpans secrets = config.secrets().enabled() ? new LastSpans(new SecretDetector()::find) : null;
        if (secrets != null) list.add(new ConfiguredScanner(new SpanScanner("secrets", secrets), config.secrets().inheriting(wide)));
        PiiSettings p = config.pii();
        LastSpans pii = p.enabled() ? new LastSpans(new PiiDetector(p.customTypes())::find) : null;
        if (pii != null) list.add(new ConfiguredScanner(new SpanScanner("pii", pii), p.settings(wide)));
        UrlSettings u = config.urls();
        if (u.enabled()) {
            UrlBlocklist blocklist = u.blocklistFile() == null ? UrlBlocklist.empty() : UrlBlocklist.load(Path.of(u.blocklistFile()));
            list.add(new ConfiguredScanner(new UrlScanner(u.suspiciousTlds(), blocklist), u.settings(wide)));
        }
        Redaction redaction = new Redaction(secrets, pii != null && p.redact() ? pii : null, events, clock);
        return new Guard(config, list, redaction, events, clock);
    }
}
