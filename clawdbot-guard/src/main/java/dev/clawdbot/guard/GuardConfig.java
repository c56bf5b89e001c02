package dev.clawdbot.guard;

/**
 * The guard's configuration (YAML key {@code guard}). Every component may be left out; defaults are applied here.
 *
 * @param failure       guard-wide failure mode, inherited by scanners that set none; default fail-open as in the seed
 * @param blockedNotice the short neutral notice the sender gets when a message is rejected
 * @param invisible     zero-width, bidi, tag and private-use characters
 * @param patterns      the injection pattern pack
 * @param classifier    the built-in linear classifier
 * @param classifierModel a model file written by {@code clawdbot guard train}; null for the one shipped in the jar
 * @param transformer   the ONNX transformer classifier (off by default)
 * @param pii           PII detection and redaction
 * @param secrets       API keys, tokens, private keys (input and output)
 * @param urls          suspicious and blocklisted URLs
 * @param scanExternal  scan what the agent reads (tool output, web pages, mail, calendar invites) with the indirect
 *                      analysis before a model sees it; default true
 */
public record GuardConfig(FailureMode failure, String blockedNotice, ScannerSettings invisible, ScannerSettings patterns,
                          ScannerSettings classifier, String classifierModel, TransformerSettings transformer, PiiSettings pii,
                          ScannerSettings secrets, UrlSettings urls, Boolean scanExternal) {

    public GuardConfig {
        failure = failure == null ? FailureMode.FAIL_OPEN : failure;
        blockedNotice = blockedNotice == null ? "Your message was not delivered: it was held by a safety check." : blockedNotice;
        if (blockedNotice.isBlank()) throw new IllegalArgumentException("guard.blockedNotice must not be blank");
        invisible = invisible == null ? ScannerSettings.defaults() : invisible;
        patterns = patterns == null ? ScannerSettings.defaults() : patterns;
        classifier = classifier == null ? ScannerSettings.defaults() : classifier;
        if (classifierModel != null && classifierModel.isBlank())
            throw new IllegalArgumentException("guard.classifierModel must not be blank; leave it out for the built-in model");
        transformer = transformer == null ? TransformerSettings.defaults() : transformer;
        pii = pii == null ? PiiSettings.defaults() : pii;
        secrets = secrets == null ? ScannerSettings.defaults() : secrets;
        urls = urls == null ? UrlSettings.defaults() : urls;
        scanExternal = scanExternal == null || scanExternal;
    }

    /** Without {@code scanExternal} (on). */
    public GuardConfig(FailureMode failure, String blockedNotice, ScannerSettings invisible, ScannerSettings patterns,
                       ScannerSettings classifier, String classifierModel, TransformerSettings transformer, PiiSettings pii,
                       ScannerSettings secrets, UrlSettings urls) {
        this(failure, blockedNotice, invisible, patterns, classifier, classifierModel, transformer, pii, secrets, urls, null);
    }

    public static GuardConfig defaults() {
        return new GuardConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
}
