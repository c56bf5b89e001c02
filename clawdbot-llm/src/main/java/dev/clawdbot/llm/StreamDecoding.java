package dev.clawdbot.llm;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and validates a recorded or piped SSE reply without a network call, exactly as the providers
 * do: for replaying captured streams, diagnosing a provider, and benchmarking the parser.
 */
public final class StreamDecoding {

    private static final ProviderConfig ANTHROPIC = ProviderConfig.of(ProviderConfig.ANTHROPIC, null, null);
    private static final ProviderConfig OPENAI = ProviderConfig.of(ProviderConfig.OPENAI, null, null);

    private StreamDecoding() {
    }

    /** An Anthropic Messages stream; {@code answeredAs} becomes the response's model. */
    public static ModelResponse anthropic(InputStream sse, String answeredAs, StreamListener listener) throws ModelException {
        return decode(new AnthropicWire(ANTHROPIC), sse, answeredAs, listener);
    }

    /** An OpenAI Chat Completions stream ending in {@code [DONE]}. */
    public static ModelResponse openAi(InputStream sse, String answeredAs, StreamListener listener) throws ModelException {
        return decode(new OpenAiWire(OPENAI), sse, answeredAs, listener);
    }

    private static ModelResponse decode(WireFormat wire, InputStream sse, String answeredAs, StreamListener listener) throws ModelException {
        try {
            return wire.decodeStream(new SseReader(sse), answeredAs, listener == null ? StreamListener.NONE : listener);
        } catch (StreamFault f) {
            throw new ModelException(f.kind, answeredAs + ": " + f.getMessage() + " [" + f.fault.tag() + "]");
        } catch (IOException e) {
            throw new ModelException(ModelException.Kind.NETWORK, answeredAs + ": reading the stream failed (" + e.getClass().getSimpleName() + ")");
        }
    }
}
