package dev.clawdbot.guard;

/**
 * The transformer classifier backend (ONNX Runtime + a HuggingFace tokenizer.json), off by default.
 *
 * @param modelDir  directory holding {@code model.onnx}, {@code tokenizer.json} and {@code config.json}; required when enabled
 * @param maxTokens tokens per chunk, default 512
 * @param maxChunks chunks scanned per text (longer texts are scanned head and tail), default 16
 */
public record TransformerSettings(Boolean enabled, Double threshold, Mode mode, FailureMode failure, String modelDir,
                                  Integer maxTokens, Integer maxChunks) {

    public TransformerSettings {
        var base = new ScannerSettings(enabled == null ? Boolean.FALSE : enabled, threshold, mode, failure);
        enabled = base.enabled();
        threshold = base.threshold();
        mode = base.mode();
        maxTokens = maxTokens == null ? 512 : maxTokens;
        maxChunks = maxChunks == null ? 16 : maxChunks;
        if (maxTokens < 8 || maxTokens > 8192) throw new IllegalArgumentException("transformer.maxTokens must be within 8..8192, was " + maxTokens);
        if (maxChunks < 1) throw new IllegalArgumentException("transformer.maxChunks must be at least 1, was " + maxChunks);
        if (enabled && (modelDir == null || modelDir.isBlank()))
            throw new IllegalArgumentException("transformer.modelDir is required when transformer.enabled is true");
    }

    public static TransformerSettings defaults() {
        return new TransformerSettings(null, null, null, null, null, null, null);
    }

    ScannerSettings settings(FailureMode guardWide) {
        return new ScannerSettings(enabled, threshold, mode, failure).inheriting(guardWide);
    }
}
