package dev.clawdbot.llm;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** One provider's wire format: how a request is written and a reply read and validated. */
interface WireFormat {

    URI endpoint();

    /** Authentication and version headers. */
    Map<String, String> headers();

    byte[] requestBody(ModelRequest request, boolean stream);

    /** Reads a streamed reply to its proper end; {@code answeredAs} is {@code provider/model}. */
    ModelResponse decodeStream(SseReader sse, String answeredAs, StreamListener listener) throws StreamFault, IOException;

    ModelResponse decodeBody(String body, String answeredAs) throws StreamFault;

    /** The error type and message from an error body or error event, classified; null when unrecognised. */
    StreamFault classifyError(com.fasterxml.jackson.databind.JsonNode error);
}
