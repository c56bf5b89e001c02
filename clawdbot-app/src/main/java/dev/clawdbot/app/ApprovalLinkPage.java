package dev.clawdbot.app;

import dev.clawdbot.broker.Decision;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.render.ApprovalText;
import dev.clawdbot.broker.render.CurrentFiles;
import dev.clawdbot.core.UntrustedText;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * The broker's signed approve links. {@code GET} only shows what would be approved, with a button: mail
 * scanners and link previews open links by themselves, so a GET must never approve. {@code POST} (the button)
 * approves through {@link RequestBroker#approveByLink}, which checks the broker's signature over the request
 * id and the exact-action hash.
 */
final class ApprovalLinkPage {

    static final String PATH = "/broker/approve";

    private ApprovalLinkPage() {
    }

    static void mount(RoutesConfig routes, RequestBroker broker) {
        routes.get(PATH, ctx -> confirm(ctx, broker));
        routes.post(PATH, ctx -> approve(ctx, broker));
    }

    private static void confirm(Context ctx, RequestBroker broker) {
        String id = ctx.queryParam("request");
        String hash = ctx.queryParam("hash");
        String sig = ctx.queryParam("sig");
        Optional<RequestView> found = id == null ? Optional.empty() : broker.find(id);
        if (found.isEmpty() || hash == null || sig == null) {
            page(ctx, 404, "Unknown request", "<p>This link does not name a request the broker knows.</p>");
            return;
        }
        RequestView r = found.get();
        StringBuilder body = new StringBuilder();
        body.append("<p><strong>").append(esc(UntrustedText.inline(r.request().summary()))).append("</strong></p>")
                .append("<p>Requested by ").append(esc(UntrustedText.inline(r.request().requester()))).append(", risk ").append(esc(r.risk()))
                .append(", state ").append(esc(r.state().toString().toLowerCase(java.util.Locale.ROOT))).append(".</p>");
        body.append("<p>Why (the requester's words, unverified):</p>").append(pre(ApprovalText.quote(r.request().rationale())));
        body.append("<p>Exact actions (hash <code>").append(esc(r.actionHash())).append("</code>):</p>");
        for (ApprovalText.Block b : ApprovalText.blocks(r.actions(), CurrentFiles.LOCAL)) body.append(block(b));
        if (r.assessment() != null) body.append("<p>Assessment (admin agent):</p>").append(pre(ApprovalText.quote(r.assessment())));
        if (!hash.equals(r.actionHash())) {
            body.append("<p>This link was made for different actions than the request now holds; it cannot approve them.</p>");
            page(ctx, 409, "Request changed", body.toString());
            return;
        }
        body.append("<form method=\"post\" action=\"").append(PATH).append("\">")
                .append(hidden("request", id)).append(hidden("hash", hash)).append(hidden("sig", sig))
                .append("<p><label>Page code of this request (in the admin bot's Telegram message, or from <code>clawdbot request show ")
                .append(esc(r.id())).append("</code>; it is never in the approval mail): ")
                .append("<input name=\"code\" autocomplete=\"one-time-code\" required></label></p>")
                .append("<button type=\"submit\">Approve exactly these actions</button></form>");
        page(ctx, 200, "Approve request " + r.id() + "?", body.toString());
    }

    /**
     * One action as its own delimited section: the escaped heading, the content's SHA-256, a diff against the
     * current file when there is one, and the full content, open when short and behind a click when long.
     */
    private static String block(ApprovalText.Block b) {
        StringBuilder sb = new StringBuilder("<section class=\"action\" style=\"border:1px solid #888;margin:.5em 0;padding:.3em\">");
        sb.append("<p><strong>Action ").append(b.index()).append(" of ").append(b.total()).append(":</strong> <code>").append(esc(b.heading())).append("</code></p>");
        ApprovalText.Content c = b.content();
        if (c != null) {
            sb.append("<p>").append(esc(c.label())).append(": ").append(c.bytes()).append(" bytes, ").append(c.lines().size())
                    .append(" lines, SHA-256 <code>").append(c.sha256()).append("</code></p>");
            if (c.diff() != null) sb.append("<p>Unified diff against the current file:</p>").append(pre(c.diff()));
            sb.append(c.shown() == ApprovalText.Shown.FULL ? "<details open>" : "<details>")
                    .append("<summary>Full ").append(esc(c.label())).append(" (").append(c.lines().size()).append(" lines)</summary>")
                    .append(pre(c.lines())).append(c.finalNewline() || c.raw().isEmpty() ? "" : "<p>(no newline at the end)</p>").append("</details>");
        }
        return sb.append("</section>").toString();
    }

    private static String pre(java.util.List<String> lines) {
        return "<pre>" + esc(String.join("\n", lines)) + "</pre>";
    }

    private static void approve(Context ctx, RequestBroker broker) {
        Decision d = broker.approveByLink(ctx.formParam("request"), ctx.formParam("hash"), ctx.formParam("sig"), ctx.formParam("code"));
        if (d.accepted()) page(ctx, 200, "Approved", "<p>" + esc(d.message()) + "</p>");
        else page(ctx, 403, "Not approved", "<p>" + esc(d.message()) + "</p>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + esc(value) + "\">";
    }

    private static void page(Context ctx, int status, String title, String body) {
        ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .result("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head><body><h1>"
                        + esc(title) + "</h1>" + body + "</body></html>");
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
