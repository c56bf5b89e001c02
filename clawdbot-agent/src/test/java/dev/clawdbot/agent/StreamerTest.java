package dev.clawdbot.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Streamed text is output-screened without breaking streaming: no secret or raw placeholder ever leaves. */
class StreamerTest {

    static final String SECRET = "sk-live-9f8e7d6c5b4a39281706";
    static final String KEY_BODY = "MIIEowIBAAKCAQEA7bq9s0m3PriVaTeKeyB0dy";
    static final Pattern SECRET_RE = Pattern.compile("sk-live-[0-9a-f]{20}");
    static final Pattern PEM_RE = Pattern.compile("-----BEGIN [A-Z ]+-----[\\s\\S]*?-----END [A-Z ]+-----");
    static final Pattern PASSWORD_RE = Pattern.compile("password:\\s*\\S+");

    /** Like the guard: secrets and PEM blocks redacted, {@code [EMAIL_1]} restored, "password: x" redacted as a whole. */
    static final UnaryOperator<String> SCREEN = t -> {
        String out = PEM_RE.matcher(t).replaceAll("[REDACTED_PRIVATE_KEY]");
        out = SECRET_RE.matcher(out).replaceAll("[REDACTED_API_KEY]");
        out = PASSWORD_RE.matcher(out).replaceAll("[REDACTED_PASSWORD]");
        return out.replace("[EMAIL_1]", "alice@example.com");
    };

    static final String TEXT = "Here is what I found.\nThe key is " + SECRET + " and mail [EMAIL_1] about it.\n"
            + "-----BEGIN RSA PRIVATE KEY-----\n" + KEY_BODY + "\n-----END RSA PRIVATE KEY-----\nDone, password: hunter2 was reset.";

    private static Recorder stream(List<String> deltas) {
        Recorder r = new Recorder();
        Streamer s = new Streamer(new Watch(r), SCREEN);
        s.beginStep();
        for (String d : deltas) s.onTextDelta(d);
        s.endStep(String.join("", deltas));
        String reply = s.finish();
        assertThat(r.deltas.toString()).as("final reply equals the deltas that stand").isEqualTo(reply);
        return r;
    }

    @Test
    void secretSplitAcrossDeltasIsNeverSent() {
        Recorder r = stream(List.of("The key is sk-li", "ve-9f8e7d6c", "5b4a39281706 so", " rotate it."));
        assertThat(r.deltas.toString()).isEqualTo("The key is [REDACTED_API_KEY] so rotate it.");
    }

    @Test
    void placeholderSplitAcrossDeltasIsRestoredNotShownRaw() {
        Recorder r = stream(List.of("Write to [EM", "AIL_", "1] today"));
        assertThat(r.deltas.toString()).isEqualTo("Write to alice@example.com today");
    }

    @Test
    void privateKeyBlockIsHeldUntilItCloses() {
        Recorder r = stream(List.of("Key:\n-----BEGIN RSA PRIVATE KEY-----\n", KEY_BODY.substring(0, 10), KEY_BODY.substring(10) + "\n",
                "-----END RSA ", "PRIVATE KEY-----\nthat's all"));
        assertThat(r.deltas.toString()).isEqualTo("Key:\n[REDACTED_PRIVATE_KEY]\nthat's all");
    }

    @Test
    void stableTextIsStreamedBeforeTheReplyEnds() {
        Recorder r = new Recorder();
        Streamer s = new Streamer(r, SCREEN);
        s.beginStep();
        s.onTextDelta("Hello wor");
        assertThat(r.deltas.toString()).isEqualTo("Hello ");
        s.onTextDelta("ld, line one\nline");
        assertThat(r.deltas.toString()).isEqualTo("Hello world, line one\n");
        s.endStep(null);
        assertThat(r.deltas.toString()).isEqualTo("Hello world, line one\nline");
    }

    @Test
    void textThatLaterBecomesPartOfASecretIsTakenBack() {
        Recorder r = stream(List.of("Done, password: ", "hunter2 was reset."));
        assertThat(r.discards).containsExactly(Streamer.SCREEN_DISCARD);
        assertThat(r.deltas.toString()).isEqualTo("Done, [REDACTED_PASSWORD] was reset.");
    }

    @Test
    void stepsAreScreenedAndADiscardedAttemptResendsWhatStands() {
        Recorder r = new Recorder();
        Streamer s = new Streamer(new Watch(r), SCREEN);
        s.beginStep();
        s.onTextDelta("checking " + SECRET.substring(0, 12));
        s.endStep("checking " + SECRET.substring(0, 12));
        s.beginStep();
        s.onTextDelta("partial [EMAIL_1] ");
        s.onAttemptDiscarded("retry");
        s.onTextDelta("mail [EMAIL_1]");
        s.endStep("mail [EMAIL_1]");
        String reply = s.finish();
        assertThat(reply).isEqualTo("checking sk-live-9f8e\n\nmail alice@example.com");
        assertThat(r.deltas.toString()).isEqualTo(reply);
    }

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /** Any split of the text into deltas gives the screened whole text, and no prefix sent ever shows a secret. */
    @ParameterizedTest
    @MethodSource("seeds")
    void anySplitGivesTheScreenedTextAndLeaksNothing(long seed) {
        Random rnd = new Random(seed);
        List<String> deltas = new ArrayList<>();
        int i = 0;
        while (i < TEXT.length()) {
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 30);
            deltas.add(TEXT.substring(i, Math.min(TEXT.length(), i + n)));
            i += n;
        }
        Recorder r = stream(deltas);
        assertThat(r.deltas.toString()).isEqualTo(SCREEN.apply(TEXT));
    }

    /** Fails the test the moment anything sent contains a secret fragment or a raw placeholder. */
    private record Watch(Recorder target) implements dev.clawdbot.core.chat.ReplyListener {
        @Override
        public void onDelta(String text) {
            target.onDelta(text);
            String shown = target.deltas.toString();
            assertThat(shown).doesNotContain("sk-live-9f8e7d", "hunter2", KEY_BODY.substring(0, 8), "[EMA", "[EMAIL_1]");
        }

        @Override
        public void onAttemptDiscarded(String reason) {
            target.onAttemptDiscarded(reason);
        }

        @Override
        public void onComplete(dev.clawdbot.core.chat.Reply reply) {
            target.onComplete(reply);
        }

        @Override
        public void onError(dev.clawdbot.core.chat.ChatError error) {
            target.onError(error);
        }
    }
}
