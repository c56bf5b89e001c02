package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A thin Bot API client on the JDK HttpClient. The token is part of every URL path, so no URL, request
 * or transport message is ever put into an exception without the token replaced by {@code ***}.
 */
public final class BotApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;

    public BotApiClient(String baseUrl, String token, Duration requestTimeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.token = Objects.requireNonNull(token, "token");
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String getMeUsername() {
        return call("getMe", JSON.createObjectNode(), requestTimeout).path("username").asText("");
    }

    /** Long-polls for updates after {@code offset}; the HTTP timeout allows for the server-side one. */
    public List<JsonNode> getUpdates(long offset, int timeoutSeconds) {
        ObjectNode p = JSON.createObjectNode().put("offset", offset).put("timeout", timeoutSeconds).put("limit", 100);
        p.putArray("allowed_updates").add("message").add("edited_message").add("callback_query");
        JsonNode r = call("getUpdates", p, requestTimeout.plusSeconds(timeoutSeconds));
        List<JsonNode> out = new ArrayList<>();
        r.forEach(out::add);
        return out;
    }

    public void setWebhook(String url, String secretToken) {
        ObjectNode p = JSON.createObjectNode().put("url", url).put("secret_token", secretToken);
        p.putArray("allowed_updates").add("message").add("edited_message").add("callback_query");
        call("setWebhook", p, requestTimeout);
    }

    /** Removes any webhook so that getUpdates works; pending updates are kept. */
    public void deleteWebhook() {
        call("deleteWebhook", JSON.createObjectNode().put("drop_pending_updates", false), requestTimeout);
    }

    /** Sends a message and returns its message_id. {@code parseMode} null means plain text. */
    public long sendMessage(long chatId, String text, String parseMode, JsonNode replyMarkup) {
        ObjectNode p = JSON.createObjectNode().put("chat_id", chatId).put("text", text);
        if (parseMode != null) p.put("parse_mode", parseMode);
        p.putObject("link_preview_options").put("is_disabled", true);
        if (replyMarkup != null) p.set("reply_markup", replyMarkup);
        return call("sendMessage", p, requestTimeout).path("message_id").asLong();
    }

    public void editMessageText(long chatId, long messageId, String text, String parseMode, JsonNode replyMarkup) {
        ObjectNode p = JSON.createObjectNode().put("chat_id", chatId).put("message_id", messageId).put("text", text);
        if (parseMode != null) p.put("parse_mode", parseMode);
        if (replyMarkup != null) p.set("reply_markup", replyMarkup);
        call("editMessageText", p, requestTimeout);
    }

    /** Removes the inline keyboard of a message (an answered question keeps its text but loses its buttons). */
    public void removeKeyboard(long chatId, long messageId) {
        ObjectNode p = JSON.createObjectNode().put("chat_id", chatId).put("message_id", messageId);
        p.putObject("reply_markup").putArray("inline_keyboard");
        call("editMessageReplyMarkup", p, requestTimeout);
    }

    public void sendChatAction(long chatId, String action) {
        call("sendChatAction", JSON.createObjectNode().put("chat_id", chatId).put("action", action), requestTimeout);
    }

    public void answerCallbackQuery(String callbackQueryId, String text) {
        ObjectNode p = JSON.createObjectNode().put("callback_query_id", callbackQueryId);
        if (text != null) p.put("text", text);
        call("answerCallbackQuery", p, requestTimeout);
    }

    /** Resolves a file_id to its file_path (valid for at least an hour) and downloads it. */
    public byte[] downloadFile(String fileId, long maxBytes) {
        JsonNode f = call("getFile", JSON.createObjectNode().put("file_id", fileId), requestTimeout);
        if (f.path("file_size").asLong(0) > maxBytes) throw new TelegramApiException("getFile", 0, "file is larger than " + maxBytes + " bytes", 0);
        String path = f.path("file_path").asText("");
        if (path.isEmpty()) throw new TelegramApiException("getFile", 0, "no file_path in the answer", 0);
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/file/bot" + token + "/" + path)).timeout(requestTimeout).GET().build();
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new TelegramApiException("file download", r.statusCode(), "HTTP " + r.statusCode(), 0);
            if (r.body().length > maxBytes) throw new TelegramApiException("file download", 0, "file is larger than " + maxBytes + " bytes", 0);
            return r.body();
        } catch (IOException e) {
            throw new TelegramApiException("file download", 0, redact(String.valueOf(e.getMessage())), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramApiException("file download", 0, "interrupted", 0);
        }
    }

    /** Sends an OGG/Opus voice note (multipart upload) and returns its message_id. */
    public long sendVoice(long chatId, byte[] oggOpus, String caption) {
        String boundary = "clawdbot-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, boundary, "chat_id", Long.toString(chatId));
        if (caption != null) field(body, boundary, "caption", caption);
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"voice\"; filename=\"voice.ogg\"\r\nContent-Type: audio/ogg\r\n\r\n");
        body.writeBytes(oggOpus);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest req = HttpRequest.newBuilder(methodUri("sendVoice")).timeout(requestTimeout.plusSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return execute("sendVoice", req).path("message_id").asLong();
    }

    JsonNode call(String method, ObjectNode params, Duration timeout) {
        HttpRequest req = HttpRequest.newBuilder(methodUri(method)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.toString(), StandardCharsets.UTF_8)).build();
        return execute(method, req);
    }

    private JsonNode execute(String method, HttpRequest req) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TelegramApiException(method, 0, redact(e.getClass().getSimpleName() + ": " + e.getMessage()), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramApiException(method, 0, "interrupted", 0);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new TelegramApiException(method, r.statusCode(), "malformed JSON answer (HTTP " + r.statusCode() + ")", 0);
        }
        if (body == null || !body.path("ok").asBoolean(false)) {
            int code = body == null ? r.statusCode() : body.path("error_code").asInt(r.statusCode());
            String desc = body == null ? "empty answer" : body.path("description").asText("HTTP " + r.statusCode());
            int retryAfter = body == null ? 0 : body.path("parameters").path("retry_after").asInt(0);
            throw new TelegramApiException(method, code, redact(desc), retryAfter);
        }
        return body.path("result");
    }

    private URI methodUri(String method) {
        return URI.create(baseUrl + "/bot" + token + "/" + method);
    }

    String redact(String text) {
        return text == null ? null : text.replace(token, "***");
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BotApiClient[" + baseUrl + ", token=***]";
    }
}
