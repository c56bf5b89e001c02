package dev.clawdbot.app.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web chat's files, read from the classpath once at start. The page's CSP allows only these
 * same-origin scripts and styles and a same-origin socket: no inline script, no third-party anything.
 */
final class StaticAssets {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Asset> assets;

    StaticAssets() {
        assets = Map.of(
                "/", load("web/index.html", "text/html; charset=utf-8"),
                "/chat.js", load("web/chat.js", "text/javascript; charset=utf-8"),
                "/chat.css", load("web/chat.css", "text/css; charset=utf-8"),
                "/favicon.svg", load("web/favicon.svg", "image/svg+xml"));
    }

    Iterable<String> paths() {
        return assets.keySet();
    }

    void serve(Context ctx) {
        Asset asset = assets.get(ctx.path());
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }
}
