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
import java.util.Set;

/**
 * The guard's HTTP API, shaped like LLM Guard's so existing clients work unchanged:
 * {@code POST /analyze/prompt} and {@code POST /scan/prompt} take {@code {"prompt": ..., "scanners_suppress": [...]}}
 * (plus an optional Clawdbot extension, {@code "source"}: user, email, web, tool, calendar or transcript, which picks
 * the direct or indirect analysis) and
 * answer {@code {"is_valid": ..., "scanners": {name: score}}} ({@code /analyze} adds {@code sanitized_prompt});
 * {@code POST /analyze/output} and {@code /scan/output} take {@code {"prompt", "output"}} and screen the output
 * (secrets redacted, PII placeholders restored) into {@code sanitized_output}. Malformed requests get 422 with
 * {@code detail}, as FastAPI does. With a bearer token configured, other requests get 401.
 * <p>Register in Javalin 7's config: {@code Javalin.create(cfg -> GuardRoutes.register(cfg.routes, guard, token))}.
 */
public final class GuardRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Guard guard;
    private final byte[] token;

    private GuardRoutes(Guard guard, String bearerToken) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.token = bearerToken == null ? null : bearerToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param bearerToken the token clients must send as {@code Authorization: Bearer ...}; null for none (loopback only)
     */
    public static void register(JavalinDefaultRoutingApi routes, Guard guard, String bearerToken) {
        GuardRoutes r = new GuardRoutes(guard, bearerToken);
        routes.post("/analyze/prompt", ctx -> r.prompt(ctx, true));
        routes.post("/scan/prompt", ctx -> r.prompt(ctx, false));
        routes.post("/analyze/output", ctx -> r.output(ctx, true));
        routes.post("/scan/output", ctx -> r.output(ctx, false));
    }

    private void prompt(Context ctx, boolean analyze) throws Exception {
        JsonNode body = request(ctx, "prompt");
        if (body == null) return;
        String label = Objects.requireNonNullElse(ctx.header("X-Clawdbot-Source"), ctx.ip());
        JsonNode source = body.path("source");
        if (!source.isMissingNode() && !(source.isTextual() && Analysis.KINDS.contains(source.asText()))) {
            json(ctx, 422, JSON.createObjectNode().put("detail", "field \"source\" must be one of " + String.join(", ", Analysis.KINDS)));
            return;
        }
        // without "source" the kind stays "http": a direct message, as before the field existed
        String kind = source.isMissingNode() ? "http" : source.asText();
        GuardAnalysis a = guard.analyze(body.get("prompt").asText(), new ContentSource(kind, label), suppressed(body));
        ObjectNode out = JSON.createObjectNode();
        out.put("is_valid", a.valid());
        ObjectNode scanners = out.putObject("scanners");
        a.scores().forEach(scanners::put);
        if (analyze) out.put("sanitized_prompt", a.sanitized());
        json(ctx, 200, out);
    }

    private void output(Context ctx, boolean analyze) throws Exception {
        JsonNode body = request(ctx, "output");
        if (body == null) return;
        String label = Objects.requireNonNullElse(ctx.header("X-Clawdbot-Source"), ctx.ip());
        String output = body.get("output").asText();
        String screened = guard.screenOutput(output, new ContentSource("http", label));
        boolean redacted = screened.contains("[REDACTED_");
        ObjectNode out = JSON.createObjectNode();
        out.put("is_valid", !redacted);
        out.putObject("scanners").put("secrets", redacted ? 1.0 : 0.0);
        if (analyze) out.put("sanitized_output", screened);
        json(ctx, 200, out);
    }

    /** The parsed body when authorised and well-formed; otherwise answers the request and returns null. */
    private JsonNode request(Context ctx, String field) throws Exception {
        if (!authorised(ctx.header("Authorization"))) {
            json(ctx, 401, JSON.createObjectNode().put("detail", "missing or wrong bearer token"));
            return null;
        }
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

    private boolean authorised(String header) {
        if (token == null) return true;
        if (header == null || !header.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(token, header.substring(7).getBytes(StandardCharsets.UTF_8));
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
