package dev.clawdbot.sandbox.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.text.HtmlText;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;
import dev.clawdbot.sandbox.SandboxEvents;
import dev.clawdbot.sandbox.WebConfig;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * {@code web_fetch} and {@code web_search}. Both run in the gateway (the sandbox has no network) and mark their
 * results untrusted, so the gateway wraps them in untrusted-content markers.
 */
public final class WebTools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([A-Za-z0-9_.:-]+)");

    private final WebConfig config;
    private final GuardedHttp http;
    private final HttpClient searchClient;
    private final EventSink events;
    private final Clock clock;

    public WebTools(WebConfig config, EventSink events, Clock clock) {
        this(config, new AddressGuard(), HostResolver.SYSTEM, events, clock);
    }

    /** With an injected guard and resolver (tests: a fake server on loopback, allowed explicitly). */
    WebTools(WebConfig config, AddressGuard guard, HostResolver resolver, EventSink events, Clock clock) {
        this(config, guard, resolver, (SSLSocketFactory) SSLSocketFactory.getDefault(), events, clock);
    }

    /** With an injected trust setup too (tests: a self-signed server). */
    WebTools(WebConfig config, AddressGuard guard, HostResolver resolver, SSLSocketFactory tls, EventSink events, Clock clock) {
        this.config = config;
        this.http = new GuardedHttp(guard, resolver, tls, clock);
        this.searchClient = HttpClient.newBuilder().connectTimeout(config.fetchTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.events = events;
        this.clock = clock;
    }

    /** web_fetch always; web_search only when a SearXNG instance is configured. */
    public List<Tool> all() {
        return config.searxngUrl() == null ? List.of(new Fetch()) : List.of(new Fetch(), new Search());
    }

    private static ObjectNode schema(String name, String description) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", "object").put("additionalProperties", false);
        s.putObject("properties").putObject(name).put("type", "string").put("description", description);
        s.putArray("required").add(name);
        return s;
    }

    private static String text(JsonNode in, String key) {
        JsonNode v = in == null ? null : in.get(key);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    final class Fetch implements Tool {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("web_fetch", "Fetch a public web page and return its text. Private, loopback and metadata addresses are refused.",
                    schema("url", "http or https URL"));
        }

        @Override
        public ToolResult invoke(JsonNode input, ToolContext context) {
            String url = text(input, "url");
            if (url == null) return ToolResult.error("web_fetch: 'url' is required");
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                return ToolResult.error("web_fetch: invalid URL: " + e.getReason());
            }
            GuardedHttp.Response r;
            try {
                r = http.get(uri, config.maxRedirects(), config.fetchMaxBytes(), config.fetchTimeout());
            } catch (GuardedHttp.Refused e) {
                events.emit(Event.of(clock.instant(), SandboxEvents.WEB_FETCH_REFUSED, context.caller() == null ? "agent" : context.caller().id(),
                        "host", String.valueOf(uri.getHost()), "reason", e.getMessage()));
                return ToolResult.error("web_fetch refused: " + e.getMessage());
            } catch (IOException e) {
                return ToolResult.error("web_fetch: " + e.getMessage());
            }
            String type = r.header("content-type");
            Charset cs = StandardCharsets.UTF_8;
            Matcher m = CHARSET.matcher(type);
            if (m.find()) {
                try {
                    cs = Charset.forName(m.group(1));
                } catch (RuntimeException ignored) {
                    // unknown charset: UTF-8 is the best guess
                }
            }
            String raw = new String(r.body(), cs);
            boolean html = type.toLowerCase(Locale.ROOT).contains("html") || (type.isEmpty() && raw.stripLeading().startsWith("<"));
            HtmlText.Page page = html ? HtmlText.page(raw) : null;
            String body = html ? page.text() : raw;
            boolean cut = body.length() > config.maxTextChars();
            if (cut) body = body.substring(0, config.maxTextChars());
            StringBuilder sb = new StringBuilder().append("URL: ").append(r.uri()).append("\nStatus: ").append(r.status()).append('\n');
            if (html) sb.append("Title: ").append(page.title()).append('\n');
            sb.append('\n').append(body);
            if (r.truncated() || cut) sb.append("\n[truncated]");
            return new ToolResult(sb.toString(), r.status() >= 400, true);
        }
    }

    final class Search implements Tool {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("web_search", "Search the web (SearXNG) and return titles, URLs and snippets.", schema("query", "search terms"));
        }

        @Override
        public ToolResult invoke(JsonNode input, ToolContext context) throws InterruptedException {
            String q = text(input, "query");
            if (q == null) return ToolResult.error("web_search: 'query' is required");
            String base = withoutTrailingSlashes(config.searxngUrl().toString());
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/search?format=json&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                    .timeout(config.fetchTimeout()).header("Accept", "application/json").GET().build();
            HttpResponse<byte[]> resp;
            try {
                resp = searchClient.send(req, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                return ToolResult.error("web_search: the search service is unreachable (" + e.getClass().getSimpleName() + ")");
            }
            if (resp.statusCode() == 429) return ToolResult.error("web_search: the search service is rate limiting (HTTP 429); try again later");
            if (resp.statusCode() != 200) return ToolResult.error("web_search: the search service answered HTTP " + resp.statusCode());
            JsonNode root;
            try {
                root = JSON.readTree(resp.body());
            } catch (IOException e) {
                return ToolResult.error("web_search: the search service returned malformed JSON");
            }
            JsonNode results = root == null ? null : root.get("results");
            if (results == null || !results.isArray()) return ToolResult.error("web_search: the search service returned no results array");
            List<String> out = new ArrayList<>();
            for (JsonNode r : results) {
                if (out.size() >= config.searchResults()) break;
                String url = r.path("url").asText("");
                if (url.isEmpty()) continue;
                out.add((out.size() + 1) + ". " + r.path("title").asText("(no title)") + "\n   " + url
                        + (r.path("content").asText("").isBlank() ? "" : "\n   " + r.path("content").asText().strip()));
            }
            return ToolResult.untrusted(out.isEmpty() ? "(no results)" : String.join("\n", out));
        }
    }

    /** {@code s.replaceAll("/+$", "")} without a regex. */
    static String withoutTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') end--;
        return s.substring(0, end);
    }
}
