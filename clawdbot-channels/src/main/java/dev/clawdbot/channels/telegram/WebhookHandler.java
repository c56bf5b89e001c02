package dev.clawdbot.channels.telegram;


import java.util.List;
import java.util.Map;

/**
 * The webhook endpoint for one bot, to mount on the app's HTTP server (POST, the path of
 * {@code telegram.webhookUrl}). It checks {@code X-Telegram-Bot-Api-Secret-Token} in constant time,
 * commits the update to the inbox and only then answers 200; on 503 Telegram redelivers later, and a
 * redelivered update is recognised by its update_id.
 */
public final class WebhookHandler {

    /** What to answer Telegram: 200 accepted, 400 malformed, 401 wrong or missing secret, 503 try again. */
    public record Response(int status, String body) {
    }

    private final BotRuntime runtime;

    WebhookHandler(BotRuntime runtime) {
        this.runtime = runtime;
    }

    /** Header names are matched case-insensitively. */
    public Response handle(Map<String, List<String>> headers, byte[] body) {
        int status = runtime.acceptWebhook(headers, body);
        return new Response(status, switch (status) {
            case 200 -> "ok";
            case 400 -> "malformed update";
            case 401 -> "unauthorized";
            default -> "try again later";
        });
    }
}
