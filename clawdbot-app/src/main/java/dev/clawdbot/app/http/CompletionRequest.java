package dev.clawdbot.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The parts of an OpenAI chat-completions request the gateway acts on. The gateway keeps each session's
 * history itself, so only the newest user message is submitted; earlier messages are validated but not
 * replayed. Sampling fields ({@code temperature}, {@code max_tokens}, ...) are ignored: the agent's own
 * configuration decides them.
 *
 * @param model        the agent name as sent, or null for the default agent
 * @param user         the OpenAI {@code user} field, or null
 * @param text         the last user message's text
 * @param stream       whether to answer as server-sent events
 * @param includeUsage {@code stream_options.include_usage}
 */
record CompletionRequest(String model, String user, String text, boolean stream, boolean includeUsage) {

    static final int MAX_USER_LENGTH = 128;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    static CompletionRequest parse(String body) {
        JsonNode root;
        try {
            root = ApiJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "Request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        }
        if (root == null || !root.isObject()) throw ApiError.badRequest(null, "Request body must be a JSON object.");
        String model = optionalString(root, "model");
        String user = optionalString(root, "user");
        if (user != null) validateUser(user);
        boolean stream = optionalBoolean(root, "stream");
        boolean includeUsage = false;
        JsonNode options = root.get("stream_options");
        if (options != null && !options.isNull()) {
            if (!options.isObject()) throw ApiError.badRequest("stream_options", "'stream_options' must be an object.");
            includeUsage = optionalBoolean(options, "include_usage");
        }
        return new CompletionRequest(model, user, lastUserText(root.get("messages")), stream, includeUsage);
    }

    private static String lastUserText(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw ApiError.badRequest("messages", "'messages' is required: a non-empty array of {role, content}.");
        }
        if (!messages.isArray()) throw ApiError.badRequest("messages", "'messages' must be an array.");
        if (messages.isEmpty()) throw ApiError.badRequest("messages", "'messages' must not be empty.");
        String text = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) throw ApiError.badRequest(where, "'" + where + "' must be an object.");
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) {
                throw ApiError.badRequest(where + ".role", "'" + where + ".role' is required and must be a string.");
            }
            if (!ROLES.contains(role.asText())) {
                throw ApiError.badRequest(where + ".role", "'" + where + ".role' must be one of " + ROLES.stream().sorted().toList()
                        + ", was '" + clip(role.asText()) + "'.");
            }
            String content = content(m.get("content"), where + ".content");
            text = role.asText().equals("user") ? content : null;
        }
        if (text == null) {
            throw ApiError.badRequest("messages", "The last message must have role 'user': the gateway keeps the "
                    + "conversation itself and answers the newest user message.");
        }
        if (text.isBlank()) throw ApiError.badRequest("messages", "The last user message is empty.");
        return text;
    }

    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        if (!content.isArray()) {
            throw ApiError.badRequest(where, "'" + where + "' must be a string or an array of text parts.");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partWhere = where + "[" + i + "]";
            if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw ApiError.badRequest(partWhere, "'" + partWhere + "' must be {\"type\":\"text\",\"text\":...}; "
                        + "other content parts (images, audio, files) are not supported.");
            }
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(part.get("text").asText());
        }
        return sb.toString();
    }

    private static void validateUser(String user) {
        if (user.isEmpty() || user.length() > MAX_USER_LENGTH) {
            throw ApiError.badRequest("user", "'user' must be 1.." + MAX_USER_LENGTH + " characters.");
        }
        if (!user.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && !Character.isISOControl(c))) {
            throw ApiError.badRequest("user", "'user' must not contain control characters.");
        }
    }

    private static String optionalString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw ApiError.badRequest(field, "'" + field + "' must be a string.");
        return node.asText();
    }

    private static boolean optionalBoolean(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return false;
        if (!node.isBoolean()) throw ApiError.badRequest(field, "'" + field + "' must be true or false.");
        return node.asBoolean();
    }

    /** Keeps echoed client input short so error messages stay readable and bounded. */
    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
