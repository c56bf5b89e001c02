package dev.clawdbot.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SseReaderTest {

    static List<SseReader.Event> read(String s) throws Exception {
        return read(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    static List<SseReader.Event> read(InputStream in) throws Exception {
        SseReader r = new SseReader(in);
        List<SseReader.Event> out = new ArrayList<>();
        SseReader.Event e;
        while ((e = r.next()) != null) out.add(e);
        return out;
    }

    @Test
    void handlesLfCrlfAndCrLineEndsCommentsNamesAndMultiLineData() throws Exception {
        String s = ": keep-alive\r\nevent: ping\r\ndata: {\"a\":1}\r\n\r\ndata: line1\rdata: line2\r\rid: 7\nretry: 100\ndata:x\n\n\n";
        assertThat(read(s)).containsExactly(new SseReader.Event("ping", "{\"a\":1}"),
                new SseReader.Event("message", "line1\nline2"), new SseReader.Event("message", "x"));
    }

    @Test
    void refusesADoubledDataPrefix() {
        StreamFault f = catchThrowableOfType(StreamFault.class, () -> read("data: data: {\"a\":1}\n\n"));
        assertThat(f.fault).isEqualTo(FaultKind.DOUBLED_DATA_PREFIX);
    }

    @Test
    void refusesALineThatIsNotAField() {
        StreamFault f = catchThrowableOfType(StreamFault.class, () -> read("data: {\"a\":\n\"b\"}\n\n"));
        assertThat(f.fault).isEqualTo(FaultKind.PROTOCOL_VIOLATION);
    }

    @Test
    void aStreamEndingInsideAnEventIsIncomplete() {
        assertThat(catchThrowableOfType(StreamFault.class, () -> read("data: {\"a\":1}\n")).fault).isEqualTo(FaultKind.INCOMPLETE_STREAM);
        assertThat(catchThrowableOfType(StreamFault.class, () -> read("data: {\"a\":1}")).fault).isEqualTo(FaultKind.INCOMPLETE_STREAM);
    }

    @Test
    void jsonClassificationSeparatesTruncatedMergedAndMalformed() {
        assertThat(catchThrowableOfType(StreamFault.class, () -> StreamJson.object("{\"a\":[1,", "x")).fault).isEqualTo(FaultKind.TRUNCATED_JSON);
        assertThat(catchThrowableOfType(StreamFault.class, () -> StreamJson.object("{\"a\":1}data: {\"b\":2}", "x")).fault).isEqualTo(FaultKind.MERGED_EVENTS);
        assertThat(catchThrowableOfType(StreamFault.class, () -> StreamJson.object("{\"a\":1}{\"b\":2}", "x")).fault).isEqualTo(FaultKind.MERGED_EVENTS);
        assertThat(catchThrowableOfType(StreamFault.class, () -> StreamJson.object("{a:1}", "x")).fault).isEqualTo(FaultKind.MALFORMED_JSON);
        assertThat(catchThrowableOfType(StreamFault.class, () -> StreamJson.object("[DONE]", "x")).fault).isEqualTo(FaultKind.MALFORMED_JSON);
    }

    /** Whatever the network's chunking, the same bytes give the same events (seeded, so reproducible). */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99999})
    void chunkBoundariesDoNotMatter(long seed) throws Exception {
        String s = "event: a\r\ndata: {\"t\":\"caf\u00e9 \u2713\"}\r\n\r\n: c\n\nevent: b\ndata: 1\ndata: 2\n\n";
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        Random rnd = new Random(seed);
        InputStream trickle = new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) return -1;
                int n = Math.min(Math.min(len, 1 + rnd.nextInt(5)), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        assertThat(read(trickle)).isEqualTo(read(s));
    }
}
