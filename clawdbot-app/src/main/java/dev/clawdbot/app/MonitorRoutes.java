package dev.clawdbot.app;

import dev.clawdbot.fleet.monitor.MonitorRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.function.Supplier;

/**
 * The monitor role's routes on the gateway: {@code GET|POST /api/push/<token>}, the heartbeat of a PUSH monitor
 * (the token in the URL is the credential, as in Uptime Kuma, so a cron job needs only curl). The role starts
 * after the gateway, hence the supplier; until then, and without the monitor role, every token is unknown.
 */
final class MonitorRoutes {
    private MonitorRoutes() {
    }

    static void mount(RoutesConfig routes, Supplier<MonitorRole> monitor) {
        routes.get("/api/push/{token}", ctx -> push(ctx, monitor.get()));
        routes.post("/api/push/{token}", ctx -> push(ctx, monitor.get()));
    }

    private static void push(Context ctx, MonitorRole monitor) {
        boolean known = monitor != null && monitor.push(ctx.pathParam("token"));
        ctx.status(known ? 200 : 404).contentType("text/plain").result(known ? "ok\n" : "unknown push token\n");
    }
}
