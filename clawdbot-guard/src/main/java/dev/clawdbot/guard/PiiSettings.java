package dev.clawdbot.guard;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PII scanner settings. PII is redacted to numbered placeholders ({@code [EMAIL_1]}) that {@code screenOutput}
 * restores; by default it only flags (monitor), like LLM Guard's Anonymize, which never rejects a prompt.
 *
 * @param customTypes extra types: name (upper case letters, digits, underscore) to an RE2/J regex (they run on
 *                    untrusted text, so no look-around or backreferences: RE2/J refuses them)
 */
public record PiiSettings(Boolean enabled, Double threshold, Mode mode, FailureMode failure, Boolean redact,
                          Map<String, String> customTypes) {

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,30}");

    public PiiSettings {
        var base = new ScannerSettings(enabled, threshold, mode == null ? Mode.MONITOR : mode, failure);
        enabled = base.enabled();
        threshold = base.threshold();
        mode = base.mode();
        redact = redact == null ? Boolean.TRUE : redact;
        customTypes = customTypes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customTypes));
        for (var e : customTypes.entrySet()) {
            if (!TYPE_NAME.matcher(e.getKey()).matches())
                throw new IllegalArgumentException("pii.customTypes key '" + e.getKey() + "' must match " + TYPE_NAME.pattern());
            try {
                Pattern.compile(e.getValue());
            } catch (PatternSyntaxException ex) {
                throw new IllegalArgumentException("pii.customTypes." + e.getKey() + " is not a valid RE2/J regex: " + ex.getDescription()
                        + " (look-around and backreferences are not supported)");
            }
        }
    }

    public static PiiSettings defaults() {
        return new PiiSettings(null, null, null, null, null, null);
    }

    ScannerSettings settings(FailureMode guardWide) {
        return new ScannerSettings(enabled, threshold, mode, failure).inheriting(guardWide);
    }
}
