package dev.clawdbot.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The escaper every approval and notice surface uses: nothing it emits can break a line, reorder text or vanish. */
class UntrustedTextTest {

    static final int[] NASTY = {'\n', '\r', '\t', 0, 0x1b, 0x7f, 0x85, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
            0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD, 0x2028, 0x2029, 0x00A0, 0x3164, 0xFE0F, 0xE0041, 0xD800, '\\', '"'};

    @Test
    void controlBidiAndZeroWidthCharactersAreMadeVisible() {
        assertThat(UntrustedText.inline("a\nb\u202Ec\u200Bd\te\\")).isEqualTo("a\\nb<U+202E>c<U+200B>d\\te\\\\");
        assertThat(UntrustedText.quoted("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
        assertThat(UntrustedText.lines("one\ntwo\r\n")).containsExactly("one", "two\\r");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99991})
    void noEscapedFieldContainsAHiddenCharacterOrALineBreak(long seed) {
        Random rnd = new Random(seed);
        for (int n = 0; n < 500; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(40); i > 0; i--) {
                if (rnd.nextInt(3) == 0) sb.appendCodePoint(NASTY[rnd.nextInt(NASTY.length)]);
                else sb.append((char) (' ' + rnd.nextInt(95)));
            }
            String in = sb.toString();
            String out = UntrustedText.inline(in);
            out.codePoints().forEach(cp -> assertThat(UntrustedText.hidden(cp)).as("U+%04X in %s", cp, out).isFalse());
            long breaks = in.chars().filter(c -> c == '\n').count();
            assertThat(UntrustedText.lines(in + "x")).hasSize((int) breaks + 1);
        }
    }
}
