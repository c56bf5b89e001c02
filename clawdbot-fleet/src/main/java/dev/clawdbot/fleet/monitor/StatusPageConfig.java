package dev.clawdbot.fleet.monitor;

/**
 * {@code monitors.statusPage:} — the public status page at {@code /status} on the gateway. Off unless enabled;
 * it shows only monitors with {@code public: true}, without authentication.
 *
 * @param enabled true serves the page (default false)
 * @param title   the page's heading (default "Status")
 */
public record StatusPageConfig(Boolean enabled, String title) {
    public StatusPageConfig {
        enabled = enabled != null && enabled;
        title = title == null || title.isBlank() ? "Status" : title;
        if (title.length() > 100) throw new IllegalArgumentException("monitors.statusPage.title: at most 100 characters");
    }

    public static StatusPageConfig defaults() {
        return new StatusPageConfig(null, null);
    }
}
