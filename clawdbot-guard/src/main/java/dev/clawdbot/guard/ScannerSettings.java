package dev.clawdbot.guard;

/**
 * The settings every scanner shares. {@code failure} null means "as the guard's {@code failure}".
 *
 * @param enabled   default true
 * @param threshold score at or above which the scanner fires, 0..1, default 0.8
 * @param mode      enforce (default) or monitor
 * @param failure   fail-open or fail-closed; null inherits the guard-wide setting
 */
public record ScannerSettings(Boolean enabled, Double threshold, Mode mode, FailureMode failure) {

    public static final double DEFAULT_THRESHOLD = 0.8;

    public ScannerSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
        mode = mode == null ? Mode.ENFORCE : mode;
        if (threshold.isNaN() || threshold < 0 || threshold > 1)
            throw new IllegalArgumentException("threshold must be within 0..1, was " + threshold);
    }

    public static ScannerSettings defaults() {
        return new ScannerSettings(null, null, null, null);
    }

    public static ScannerSettings off() {
        return new ScannerSettings(false, null, null, null);
    }

    ScannerSettings inheriting(FailureMode guardWide) {
        return failure != null ? this : new ScannerSettings(enabled, threshold, mode, guardWide);
    }
}
