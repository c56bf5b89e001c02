package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the router needs from one Update. {@code userId} is always the {@code from} of the update itself
 * (never a forwarded message's original author); 0 when the update has no human sender.
 */
record Inbound(long updateId, Kind kind, long userId, String displayName, long chatId, String chatType, long messageId,
               String text, String voiceFileId, int voiceSeconds, boolean mentionsBot, boolean repliesToBot,
               String callbackId, String callbackData) {

    enum Kind { MESSAGE, EDITED_MESSAGE, CALLBACK_QUERY, OTHER }

    boolean isGroup() {
        return "group".equals(chatType) || "supergroup".equals(chatType);
    }

    static Inbound parse(JsonNode u, long botId, String botUsername) {
        long updateId = u.path("update_id").asLong();
        if (u.has("callback_query")) {
            JsonNode cq = u.get("callback_query");
            JsonNode msg = cq.path("message");
            return new Inbound(updateId, Kind.CALLBACK_QUERY, senderId(cq.path("from")), name(cq.path("from")),
                    msg.path("chat").path("id").asLong(0), msg.path("chat").path("type").asText(""), msg.path("message_id").asLong(0),
                    null, null, 0, false, false, cq.path("id").asText(""), cq.path("data").asText(""));
        }
        Kind kind = u.has("message") ? Kind.MESSAGE : u.has("edited_message") ? Kind.EDITED_MESSAGE : Kind.OTHER;
        if (kind == Kind.OTHER) return new Inbound(updateId, kind, 0, "", 0, "", 0, null, null, 0, false, false, null, null);
        JsonNode m = u.get(kind == Kind.MESSAGE ? "message" : "edited_message");
        String text = m.hasNonNull("text") ? m.get("text").asText() : m.hasNonNull("caption") ? m.get("caption").asText() : null;
        JsonNode voice = m.path("voice");
        String voiceId = voice.hasNonNull("file_id") ? voice.get("file_id").asText() : null;
        JsonNode entities = m.has("entities") ? m.get("entities") : m.path("caption_entities");
        boolean mention = mentions(text, entities, botId, botUsername);
        boolean reply = m.path("reply_to_message").path("from").path("id").asLong(-1) == botId;
        return new Inbound(updateId, kind, senderId(m.path("from")), name(m.path("from")), m.path("chat").path("id").asLong(0),
                m.path("chat").path("type").asText(""), m.path("message_id").asLong(0), text, voiceId,
                voice.path("duration").asInt(0), mention, reply, null, null);
    }

    private static long senderId(JsonNode from) {
        // A message without a human "from" (channel posts, sender_chat) has no identity to allow.
        if (from.isMissingNode() || from.path("is_bot").asBoolean(false)) return 0;
        return from.path("id").asLong(0);
    }

    private static String name(JsonNode from) {
        String first = from.path("first_name").asText("");
        String user = from.path("username").asText("");
        return user.isEmpty() ? first : first + " (@" + user + ")";
    }

    private static boolean mentions(String text, JsonNode entities, long botId, String botUsername) {
        if (text == null || !entities.isArray()) return false;
        for (JsonNode e : entities) {
            String type = e.path("type").asText("");
            int off = e.path("offset").asInt(-1), len = e.path("length").asInt(0);
            if ("text_mention".equals(type) && e.path("user").path("id").asLong(-1) == botId) return true;
            if (off < 0 || off + len > text.length()) continue;
            String s = text.substring(off, off + len);
            if ("mention".equals(type) && s.equalsIgnoreCase("@" + botUsername)) return true;
            if ("bot_command".equals(type) && s.toLowerCase(java.util.Locale.ROOT).endsWith("@" + botUsername.toLowerCase(java.util.Locale.ROOT))) return true;
        }
        return false;
    }
}
