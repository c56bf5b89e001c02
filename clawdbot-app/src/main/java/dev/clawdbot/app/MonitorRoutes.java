package dev.clawdbot.app;

import dev.clawdbot.fleet.api.MonitorApi;
import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.fleet.monitor.MonitorStore;
import dev.clawdbot.fleet.monitor.MonitorsView;
import dev.clawdbot.fleet.monitor.PushAnswer;
import dev.clawdbot.fleet.monitor.PushGate;
import dev.clawdbot.fleet.monitor.StatusPageConfig;
import dev.clawdbot.fleet.status.StatusPage;
import dev.clawdbot.fleet.status.StatusRows;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The monitor role's routes on the gateway: {@code GET|POST /api/push/<token>}, the heartbeat of a PUSH monitor
 * (the token in the URL is the credential, as in Uptime Kuma, so a cron job needs only curl), rate-limited per
 * source address and per monitor (429 with {@code Retry-After}). The role starts
 * after the gateway, hence the supplier; while it does not run in this process (the split systemd units run it in
 * another), the {@link PushGate} matches the token against the database and stores the heartbeat there.
 * And the monitors API under {@code /api/monitors}, for callers with the {@code monitors} scope.
 */
final class MonitorRoutes {
    private MonitorRoutes() {
    }

    static void mount(RoutesConfig routes, Supplier<MonitorRole> monitor, PushGate elsewhere) {
        routes.get("/api/push/{token}", ctx -> push(ctx, monitor.get(), elsewhere));
        routes.post("/api/push/{token}", ctx -> push(ctx, monitor.get(), elsewhere));
    }

    /**
     * The monitors API ({@link MonitorApi}); {@code principal} maps the Authorization header to a caller holding
     * the {@code monitors} scope (the gateway token holds every scope).
     */
    static void mountApi(RoutesConfig routes, MonitorApi api, Function<String, Optional<String>> principal) {
        routes.get("/api/monitors", ctx -> answer(ctx, principal, api::list));
        routes.post("/api/monitors", ctx -> answer(ctx, principal, () -> api.create(ctx.body())));
        routes.put("/api/monitors/{name}", ctx -> answer(ctx, principal, () -> api.update(ctx.pathParam("name"), ctx.body())));
        routes.delete("/api/monitors/{name}", ctx -> answer(ctx, principal, () -> api.delete(ctx.pathParam("name"))));
        routes.post("/api/monitors/{name}/pause", ctx -> answer(ctx, principal, () -> api.pause(ctx.pathParam("name"), true)));
        routes.post("/api/monitors/{name}/resume", ctx -> answer(ctx, principal, () -> api.pause(ctx.pathParam("name"), false)));
        routes.get("/api/maintenance", ctx -> answer(ctx, principal, api::windows));
        routes.put("/api/maintenance/{name}", ctx -> answer(ctx, principal, () -> api.putWindow(ctx.pathParam("name"), ctx.body())));
        routes.delete("/api/maintenance/{name}", ctx -> answer(ctx, principal, () -> api.deleteWindow(ctx.pathParam("name"))));
    }

    /**
     * The public status page at {@code /status}, when {@code monitors.statusPage.enabled}; no authentication. Without
     * the monitor role in this process it is rendered from what the role (in another process) stored: {@code view}
     * and {@code store}.
     */
    static void mountStatusPage(RoutesConfig routes, StatusPageConfig config, Supplier<MonitorRole> monitor,
                                MonitorsView view, MonitorStore store, java.time.Clock clock) {
        if (!config.enabled()) return;
        routes.get("/status", ctx -> {
            MonitorRole role = monitor.get();
            ctx.header("Content-Security-Policy", StatusPage.CSP).header("Cache-Control", "no-cache");
            String html = role == null ? StatusRows.page(config, view, store, clock) : StatusRows.page(config, role, clock);
            ctx.contentType("text/html; charset=utf-8").result(html);
        });
    }

    private static void answer(Context ctx, Function<String, Optional<String>> principal, Supplier<MonitorApi.Reply> call) {
        if (principal.apply(ctx.header("Authorization")).isEmpty()) {
            ctx.status(401).header("WWW-Authenticate", "Bearer").contentType("application/json")
                    .result("{\"error\":\"a token with the monitors scope is needed\"}");
            return;
        }
        MonitorApi.Reply r = call.get();
        ctx.status(r.status()).contentType("application/json").result(r.json());
    }

    private static void push(Context ctx, MonitorRole monitor, PushGate elsewhere) {
        String token = ctx.pathParam("token");
        PushAnswer answer = monitor == null ? elsewhere.push(token, ctx.ip()) : monitor.push(token, ctx.ip());
        ctx.contentType("text/plain");
        switch (answer) {
            case PushAnswer.Accepted a -> ctx.status(200).result("ok\n");
            case PushAnswer.Unknown u -> ctx.status(404).result("unknown push token\n");
            case PushAnswer.Limited l -> {
                long seconds = Math.max(1, (l.retryAfter().toMillis() + 999) / 1000);
                ctx.status(429).header("Retry-After", Long.toString(seconds)).result("too many requests; retry after " + seconds + " s\n");
            }
        }
    }
}
