package dev.clawdbot.sandbox;

import java.net.URI;
import java.time.Duration;

/**
 * {@code web_fetch} and {@code web_search}. {@code searxngUrl} null disables {@code web_search}.
 *
 * @param fetchMaxBytes  body bytes read at most (the rest is dropped and the result marked truncated)
 * @param fetchTimeout   whole-fetch deadline, redirects included
 * @param maxRedirects   redirects followed (each target re-checked by the SSRF guard)
 * @param maxTextChars   characters of extracted text returned to the model
 * @param searxngUrl     base URL of a SearXNG instance with the JSON format enabled
 * @param searchResults  results returned by {@code web_search}
 */
public record WebConfig(Integer fetchMaxBytes, Duration fetchTimeout, Integer maxRedirects, Integer maxTextChars,
                        URI searxngUrl, Integer searchResults) {
    public WebConfig {
        fetchMaxBytes = fetchMaxBytes == null ? 2 << 20 : fetchMaxBytes;
        fetchTimeout = fetchTimeout == null ? Duration.ofSeconds(20) : fetchTimeout;
        maxRedirects = maxRedirects == null ? 5 : maxRedirects;
        maxTextChars = maxTextChars == null ? 50_000 : maxTextChars;
        searchResults = searchResults == null ? 8 : searchResults;
        if (fetchMaxBytes < 1024) throw new IllegalArgumentException("sandbox.web.fetchMaxBytes must be at least 1024, was " + fetchMaxBytes);
        if (fetchTimeout.isNegative() || fetchTimeout.isZero())
            throw new IllegalArgumentException("sandbox.web.fetchTimeout must be positive, was " + fetchTimeout);
        if (maxRedirects < 0 || maxRedirects > 20) throw new IllegalArgumentException("sandbox.web.maxRedirects must be in 0..20, was " + maxRedirects);
        if (maxTextChars < 100) throw new IllegalArgumentException("sandbox.web.maxTextChars must be at least 100, was " + maxTextChars);
        if (searchResults < 1 || searchResults > 50) throw new IllegalArgumentException("sandbox.web.searchResults must be in 1..50, was " + searchResults);
        if (searxngUrl != null && !("http".equals(searxngUrl.getScheme()) || "https".equals(searxngUrl.getScheme())))
            throw new IllegalArgumentException("sandbox.web.searxngUrl must be an http(s) URL, was " + searxngUrl);
    }

    public static WebConfig defaults() {
        return new WebConfig(null, null, null, null, null, null);
    }
}
