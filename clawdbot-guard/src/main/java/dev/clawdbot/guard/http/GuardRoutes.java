package dev.clawdbot.guard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.GuardAnalysis;
import dev.clawdbot.guard.scan.Analysis;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The guard's HTTP API, shaped like LLM Guard's so existing clients work unchanged:
 * {@code POST /analyze/prompt} and {@code POST /scan/prompt} take {@code {"prompt": ..., "scanners_suppress": [...]}}
 * (plus an optional Clawdbot extension, {@code "source"}: user, email, web, tool, calendar or transcript, which picks
 * the direct or indirect analysis) and
 * answer {@code {"is_valid": ..., "scanners": {name: score}}} ({@code /analyze} adds {@code sanitized_prompt});
 * {@code POST /analyze/output} and {@code /scan/output} take {@code {"prompt", "output"}} and screen the output
 * (secrets redacted, PII placeholders restored) into {@code sanitized_output}. Malformed requests get 422 with
 * {@code detail}, as FastAPI does. With a bearer token configured, other requests get 401. PII placeholders are kept
 * per authenticated principal ({@code X-Clawdbot-Source} only picks a vault within it), so one client can never
 * have another's placeholders restored.
 * <p>Register in Javalin 7's config: {@code Javalin.create(cfg -> GuardRoutes.register(cfg.routes, guard, token))}.
 */
public final class GuardRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SOURCE_HEADER = "X-Clawdbot-Source";

    /** Who a request is from: the principal its {@code Authorization} header value authenticates, or empty. */
    @FunctionalInterface
    public interface Authenticator {
        Optional<String> principal(String authorization);
    }

    private final Guard guard;
    private final Authenticator auth;

    private GuardRoutes(Guard guard, Authenticator auth) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.auth = auth;
    }

    /**
     * @param bearerToken the token clients must send as {@code Authorization: Bearer ...} (its holder is the principal
     *                    {@code operator}); null for none (loopback only: each client address is its own principal)
     */
    public static void register(JavalinDefaultRoutingApi routes, Guard guard, String bearerToken) {
        register(routes, guard, bearerToken == null ? null : single(bearerToken));
    }

    /** @param auth authenticates callers; null accepts everyone, each client address being its own principal */
    public static void register(JavalinDefaultRoutingApi routes, Guard guard, Authenticator auth) {
        GuardRoutes r = new GuardRoutes(guard, auth);
        routes.post("/analyze/prompt", ctx -> r.prompt(ctx, true));
        routes.post("/scan/prompt", ctx -> r.prompt(ctx, false));
        routes.post("/analyze/output", ctx -> r.output(ctx, true));
        routes.post("/scan/output", ctx -> r.output(ctx, false));
    }

    private static Authenticator single(String token) {
        byte[] expected = sha256(token);
        return header -> header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(expected, sha256(header.substring(7)))
                ? Optional.of("operator") : Optional.empty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The PII vault's key for this request: the authenticated principal, then the client's {@code X-Clawdbot-Source}
     * as a sub-key. Principals hold no {@code /}, so no header can reach another principal's placeholders.
     */
    private static ContentSource source(Context ctx, String principal, String kind) {
        String label = ctx.header(SOURCE_HEADER);
        return new ContentSource(kind, label == null ? principal : principal + "/" + label);
    }

    private void prompt(Context ctx, boolean analyze) throws Exception {
        String principal = principal(ctx);
        JsonNode body = principal == null ? null : request(ctx, "prompt");
        if (body == null) return;
        JsonNode source = body.path("source");
        if (!source.isMissingNode() && !(source.isTextual() && Analysis.KINDS.contains(source.asText()))) {
            json(ctx, 422, JSON.createObjectNode().put("detail", "field \"source\" must be one of " + String.join(", ", Analysis.KINDS)));
            return;
        }
        // without "source" the kind stays "http": a direct message, as before the field existed
        String kind = source.isMissingNode() ? "http" : source.asText();
        GuardAnalysis a = guard.analyze(body.get("prompt").asText(), source(ctx, principal, kind), suppressed(body));
        ObjectNode out = JSON.createObjectNode();
        out.put("is_valid", a.valid());
        ObjectNode scanners = out.putObject("scanners");
        a.scores().forEach(scanners::put);
        if (analyze) out.put("sanitized_prompt", a.sanitized());
        json(ctx, 200, out);
    }

    private void output(Context ctx, boolean analyze) throws Exception {
        String principal = principal(ctx);
        JsonNode body = principal == null ? null : request(ctx, "output");
        if (body == null) return;
        String output = body.get("output").asText();
        String screened = guard.screenOutput(output, source(ctx, principal, "http"));
        boolean redacted = screened.contains("[REDACTED_");
        ObjectNode out = JSON.createObjectNode();
        out.put("is_valid", !redacted);
        out.putObject("scanners").put("secrets", redacted ? 1.0 : 0.0);
        if (analyze) out.put("sanitized_output", screened);
        json(ctx, 200, out);
    }

    /** The caller's principal; null (and a 401 answered) when the request does not authenticate. */
    private String principal(Context ctx) throws Exception {
        if (auth == null) return "ip:" + ctx.ip();
        Optional<String> p = auth.principal(ctx.header("Authorization"));
        if (p.isEmpty()) json(ctx, 401, JSON.createObjectNode().put("detail", "missing or wrong bearer token"));
        return p.orElse(null);
    }

    /** The parsed body when well-formed; otherwise answers the request and returns null. */
    private JsonNode request(Context ctx, String field) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            json(ctx, 422, JSON.createObjectNode().put("detail", "malformed JSON: " + e.getOriginalMessage()));
            return null;
        }
        if (body == null || !body.path(field).isTextual()) {
            json(ctx, 422, JSON.createObjectNode().put("detail", "field \"" + field + "\" is required and must be a string"));
            return null;
        }
        JsonNode suppress = body.path("scanners_suppress");
        if (!suppress.isMissingNode() && !suppress.isArray()) {
            json(ctx, 422, JSON.createObjectNode().put("detail", "field \"scanners_suppress\" must be a list of scanner names"));
            return null;
        }
        return body;
    }

    private static Set<String> suppressed(JsonNode body) {
        Set<String> out = new HashSet<>();
        body.path("scanners_suppress").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void json(Context ctx, int status, JsonNode body) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }
}
