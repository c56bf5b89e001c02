package dev.clawdbot.app.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Cross-site WebSocket hijacking defence: a browser always sends {@code Origin} on a WebSocket upgrade, and
 * the page may only be served by this gateway, so the origin's authority must equal the {@code Host} the
 * browser connected to (or be an explicitly allowed CORS origin). Non-browser clients send no Origin and
 * must still present the token.
 */
final class OriginCheck {
    private final List<String> allowed;

    OriginCheck(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    boolean permits(String origin, String host) {
        if (origin == null) return true;
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) return true;
        if (host == null || host.isBlank()) return false;
        try {
            URI uri = new URI(normalized);
            String scheme = uri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) return false;
            if (uri.getRawAuthority() == null) return false;
            return authority(uri.getRawAuthority(), scheme).equals(authority(host.strip().toLowerCase(Locale.ROOT), scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Adds the scheme's default port so {@code localhost} and {@code localhost:80} compare equal. */
    private static String authority(String authority, String scheme) {
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        return hasPort ? authority : authority + (scheme.equals("https") ? ":443" : ":80");
    }
}
