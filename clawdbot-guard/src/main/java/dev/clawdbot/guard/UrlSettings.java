package dev.clawdbot.guard;

import java.util.List;

/**
 * URL scanner settings.
 *
 * @param blocklistFile a local file of bad URLs or hosts, one per line, or a URLhaus CSV export; null for none
 * @param suspiciousTlds top-level domains that raise the score; null for the built-in list
 */
public record UrlSettings(Boolean enabled, Double threshold, Mode mode, FailureMode failure, String blocklistFile,
                          List<String> suspiciousTlds) {

    public UrlSettings {
        var base = new ScannerSettings(enabled, threshold, mode, failure);
        enabled = base.enabled();
        threshold = base.threshold();
        mode = base.mode();
        if (blocklistFile != null && blocklistFile.isBlank())
            throw new IllegalArgumentException("urls.blocklistFile must not be blank; leave it out for none");
        suspiciousTlds = suspiciousTlds == null
                ? List.of("zip", "mov", "xyz", "top", "tk", "ml", "ga", "cf", "gq", "click", "country", "kim", "work", "rest", "cam", "su")
                : suspiciousTlds.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).map(t -> t.startsWith(".") ? t.substring(1) : t).toList();
    }

    public static UrlSettings defaults() {
        return new UrlSettings(null, null, null, null, null, null);
    }

    ScannerSettings settings(FailureMode guardWide) {
        return new ScannerSettings(enabled, threshold, mode, failure).inheriting(guardWide);
    }
}
