package dev.clawdbot.fleet.webhook;

import dev.clawdbot.core.config.Secret;

import java.net.URI;
import java.util.List;

/**
 * {@code monitors.webhooks[]:} — a system told about monitor events by Standard Webhooks POSTs.
 *
 * @param name   unique among webhooks
 * @param url    where the POST goes (http or https)
 * @param secret {@code whsec_} + base64 of at least 16 random bytes, shared with the receiver
 * @param events the event types sent (default {@code monitor.down}, {@code monitor.up}, {@code monitor.network_down},
 *               {@code monitor.network_up})
 */
public record WebhookTarget(String name, URI url, @Secret String secret, List<String> events) {
    public static final List<String> DEFAULT_EVENTS = List.of("monitor.down", "monitor.up", "monitor.network_down", "monitor.network_up");

    public WebhookTarget {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("monitors.webhooks: name missing");
        String at = "monitors.webhooks." + name + ".";
        if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException(at + "url: need an http:// or https:// URL with a host, was " + url);
        }
        StandardWebhooks.key(at + "secret", secret);
        events = events == null || events.isEmpty() ? DEFAULT_EVENTS : List.copyOf(events);
    }

    @Override
    public String toString() {
        return "WebhookTarget[" + name + " " + url + " " + events + "]";
    }
}
