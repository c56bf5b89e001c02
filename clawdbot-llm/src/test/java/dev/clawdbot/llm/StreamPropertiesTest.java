package dev.clawdbot.llm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Properties of stream validation over whole families of damaged streams: no proper prefix of a valid
 * stream (a disconnect at any byte) and no stream with two events run together is ever accepted.
 */
class StreamPropertiesTest {

    static final String ANTHROPIC = StreamDecodingTest.START
            + StreamDecodingTest.ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
            + StreamDecodingTest.ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Disk \u2713 \"}}")
            + StreamDecodingTest.ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"fine.\"}}")
            + StreamDecodingTest.ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
            + StreamDecodingTest.ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"exec\",\"input\":{}}}")
            + StreamDecodingTest.ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"c\\\":\"}}")
            + StreamDecodingTest.ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"ls\\\"}\"}}")
            + StreamDecodingTest.ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
            + StreamDecodingTest.END;

    static final String OPENAI = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Disk \u2713 \"},\"finish_reason\":null}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"exec\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"c\\\":\"}}]},\"finish_reason\":null}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"ls\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}\n\n"
            + "data: [DONE]\n\n";

    static ModelResponse decode(boolean anthropic, byte[] bytes) throws ModelException {
        return anthropic
                ? StreamDecoding.anthropic(new ByteArrayInputStream(bytes), "a/m", null)
                : StreamDecoding.openAi(new ByteArrayInputStream(bytes), "o/m", null);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theWholeStreamIsAcceptedAndEveryProperPrefixIsRejected(boolean anthropic) throws Exception {
        byte[] whole = (anthropic ? ANTHROPIC : OPENAI).getBytes(StandardCharsets.UTF_8);
        ModelResponse r = decode(anthropic, whole);
        assertThat(r.text()).isEqualTo("Disk \u2713 fine.".substring(0, anthropic ? 12 : 7));
        assertThat(r.toolUses()).singleElement().satisfies(u -> assertThat(u.input().path("c").asText()).isEqualTo("ls"));
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(whole, cut);
            ModelException e = catchThrowableOfType(ModelException.class, () -> decode(anthropic, prefix));
            assertThat(e).as("a stream cut after %d of %d bytes was accepted", cut, whole.length).isNotNull();
            assertThat(e.transientFailure()).isTrue();
        }
    }

    /** Removing the blank line between any two events (seeded choice of one or both newlines) is always caught. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026, 31337})
    void eventsRunTogetherAreRejected(long seed) {
        Random rnd = new Random(seed);
        for (boolean anthropic : new boolean[] {true, false}) {
            String s = anthropic ? ANTHROPIC : OPENAI;
            List<Integer> boundaries = new ArrayList<>();
            for (int i = s.indexOf("\n\n"); i >= 0 && i < s.length() - 2; i = s.indexOf("\n\n", i + 2)) boundaries.add(i);
            for (int b : boundaries) {
                int drop = rnd.nextBoolean() ? 1 : 2;
                String damaged = s.substring(0, b) + s.substring(b + drop);
                ModelException e = catchThrowableOfType(ModelException.class,
                        () -> decode(anthropic, damaged.getBytes(StandardCharsets.UTF_8)));
                assertThat(e).as("boundary at %d (dropped %d newline(s)) went unnoticed", b, drop).isNotNull();
                assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_STREAM);
            }
        }
    }
}
