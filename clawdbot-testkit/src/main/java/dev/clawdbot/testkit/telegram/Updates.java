package dev.clawdbot.testkit.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Builders for Update objects in the Bot API's JSON shape (without {@code update_id}, which the server assigns). */
public final class Updates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Updates() {
    }

    public static ObjectNode user(long id, String firstName) {
        return JSON.createObjectNode().put("id", id).put("is_bot", false).put("first_name", firstName);
    }

    public static ObjectNode message(long messageId, ObjectNode from, long chatId, String chatType, String text) {
        ObjectNode m = JSON.createObjectNode().put("message_id", messageId).put("date", Instant.now().getEpochSecond());
        m.set("from", from);
        m.putObject("chat").put("id", chatId).put("type", chatType);
        if (text != null) m.put("text", text);
        return m;
    }

    public static ObjectNode wrap(String kind, ObjectNode payload) {
        ObjectNode u = JSON.createObjectNode();
        u.set(kind, payload);
        return u;
    }

    public static ObjectNode privateText(long userId, String text, long messageId) {
        return wrap("message", message(messageId, user(userId, "U" + userId), userId, "private", text));
    }

    /** A private text message from {@code userId} that replies (Telegram's reply_to_message) to the bot's message {@code replyToMessageId}. */
    public static ObjectNode privateReply(long userId, String text, long messageId, long replyToMessageId) {
        ObjectNode m = message(messageId, user(userId, "U" + userId), userId, "private", text);
        m.set("reply_to_message", message(replyToMessageId, user(999, "Clawdbot").put("is_bot", true), userId, "private", "question"));
        return wrap("message", m);
    }

    public static ObjectNode voice(long userId, long messageId, String fileId, int durationSeconds) {
        ObjectNode m = message(messageId, user(userId, "U" + userId), userId, "private", null);
        m.putObject("voice").put("file_id", fileId).put("file_unique_id", "u" + fileId).put("duration", durationSeconds).put("mime_type", "audio/ogg");
        return wrap("message", m);
    }

    public static ObjectNode callback(String id, long fromUserId, long chatId, long messageId, String data) {
        ObjectNode cq = JSON.createObjectNode().put("id", id).put("chat_instance", "ci").put("data", data);
        cq.set("from", user(fromUserId, "U" + fromUserId));
        cq.set("message", message(messageId, user(999, "Clawdbot").put("is_bot", true), chatId, "private", "question"));
        return wrap("callback_query", cq);
    }
}
