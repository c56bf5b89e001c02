package dev.clawdbot.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.Reply;

/** Renders one streamed completion's {@code chat.completion.chunk} objects, all sharing id, created and model. */
final class ChunkWriter {
    private final String id;
    private final long created;
    private final String model;

    ChunkWriter(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    String role() {
        ObjectNode chunk = chunk();
        ObjectNode delta = choice(chunk, null);
        delta.put("role", "assistant");
        delta.put("content", "");
        return ApiJson.write(chunk);
    }

    String content(String text) {
        ObjectNode chunk = chunk();
        choice(chunk, null).put("content", text);
        return ApiJson.write(chunk);
    }

    String finish(Reply reply) {
        ObjectNode chunk = chunk();
        choice(chunk, ChatCompletions.finishReason(reply));
        return ApiJson.write(chunk);
    }

    /** The {@code stream_options.include_usage} chunk: empty choices, usage filled. */
    String usage(Reply reply) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        chunk.set("usage", ChatCompletions.usage(reply));
        return ApiJson.write(chunk);
    }

    /** OpenAI's own mid-stream error form: a data line whose object has an {@code error} member. */
    static String error(ChatError error) {
        ApiError e = ChatCompletions.chatError(error);
        return ApiJson.write(ApiJson.error(e));
    }

    private ObjectNode chunk() {
        ObjectNode chunk = ApiJson.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private static ObjectNode choice(ObjectNode chunk, String finishReason) {
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        choice.putNull("logprobs");
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        return delta;
    }
}
