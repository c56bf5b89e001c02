package dev.clawdbot.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.agent.WithheldContent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Read-only HTTP access to what the guard withheld from a model (the user agent's tool results and bridge quotes, the
 * admin agent's tool output), for a token with the {@link Scope#WITHHELD} scope or the gateway token:
 * {@code GET /api/withheld?limit=N} lists the newest items without their content, {@code GET /api/withheld/{id}} returns
 * one with exactly the stored text as a JSON string. The same data as {@code clawdbot sessions withheld [ID]}.
 */
final class WithheldApi {

    /** A page of the listing; the store keeps 30 days, and a review reads the newest first. */
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private WithheldApi() {
    }

    static void mount(RoutesConfig routes, HttpGate gate, WithheldContent store) {
        routes.get("/api/withheld", ctx -> {
            gate.require(ctx, Scope.WITHHELD);
            int limit = limit(ctx.queryParam("limit"));
            ObjectNode body = ApiJson.object();
            ArrayNode items = body.putArray("items");
            for (WithheldContent.Summary s : store.summaries(limit)) {
                ObjectNode n = items.addObject();
                n.put("id", s.id()).put("at", s.at().toString()).put("agent", s.agent()).put("session", s.session())
                        .put("tool", s.tool()).put("source", s.source()).put("scanners", s.scanners()).put("chars", s.chars());
            }
            json(ctx, body);
        });
        routes.get("/api/withheld/{id}", ctx -> {
            gate.require(ctx, Scope.WITHHELD);
            String id = ctx.pathParam("id");
            // Ids are 16 lower-case hex digits; anything else cannot name an item and is not looked up.
            WithheldContent.Item item = (isId(id) ? store.find(id) : java.util.Optional.<WithheldContent.Item>empty())
                    .orElseThrow(() -> ApiError.notFound("id", "No withheld content has this id."));
            ObjectNode n = ApiJson.object();
            n.put("id", item.id()).put("at", item.at().toString()).put("agent", item.agent()).put("session", item.session())
                    .put("tool", item.tool()).put("source", item.source()).put("scanners", item.scanners()).put("content", item.content());
            json(ctx, n);
        });
    }

    static boolean isId(String s) {
        if (s.length() != 16) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    private static int limit(String raw) {
        if (raw == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw ApiError.badRequest("limit", "limit must be a whole number in 1.." + MAX_LIMIT + ".");
    }

    /** Jackson writes the body, so the stored text comes back exactly, JSON-escaped (quotes, controls, lone surrogates). */
    private static void json(Context ctx, ObjectNode body) {
        ctx.contentType("application/json").result(ApiJson.write(body));
    }
}
