package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.TelegramChannel;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Typing indicator while the agent works, and live editing of one message while a reply streams. */
class ReplyStreamingTest extends TelegramTestBase {
    static final long OWNER = 1111;

    final AtomicReference<ReplyListener> listener = new AtomicReference<>();
    final ChatService heldChat = (InboundMessage m, ReplyListener l) -> listener.set(l);

    void start(boolean liveEdit) {
        TelegramConfig cfg = TelegramConfig.builder().botToken(Harness.TOKEN).apiBaseUrl(fake.baseUrl()).allowFrom(List.of(OWNER))
                .pollTimeoutSeconds(1).perChatInterval(Duration.ofMillis(10)).typingInterval(Duration.ofMillis(60)).liveEdit(liveEdit)
                .editInterval(Duration.ofMillis(150)).build();
        channel = new TelegramChannel(cfg, db, heldChat, new Harness.KeywordGuard(), null, null, new RecordingEvents(), Clock.systemUTC());
        channel.start();
    }

    @Test
    void typingRepeatsWhileTheAgentWorksAndStopsWhenItAnswers() {
        start(false);
        fake.pushText(OWNER, "think hard");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.get() != null && fake.calls("sendChatAction").size() >= 4);
        assertThat(fake.calls("sendChatAction")).allSatisfy(c -> assertThat(c.param("action")).isEqualTo("typing"));
        listener.get().onComplete(new Reply("s", "done", "m", false, 1, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        int after = fake.calls("sendChatAction").size();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> fake.calls("sendChatAction").size() <= after + 1);
    }

    @Test
    void aTypingIndicatorRefusedWith429HoldsTheReplyAndFurtherIndicatorsBack() {
        fake.failWith429("sendChatAction", 1, 1);
        start(false);
        fake.pushText(OWNER, "hi");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.get() != null);
        listener.get().onComplete(new Reply("s", "hello", "m", false, 1, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        var refused = fake.calls("sendChatAction").get(0).at();
        // Flood control covers the whole bot: the reply and the indicator's renewals waited out retry_after.
        assertThat(Duration.between(refused, fake.calls("sendMessage").get(0).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(fake.calls("sendChatAction").subList(1, fake.calls("sendChatAction").size()))
                .allSatisfy(c -> assertThat(Duration.between(refused, c.at())).isGreaterThanOrEqualTo(Duration.ofMillis(950)));
    }

    @Test
    void textFromADiscardedAttemptIsDroppedFromTheLiveMessage() {
        start(true);
        fake.pushText(OWNER, "retry me");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.get() != null);
        ReplyListener l = listener.get();
        l.onDelta("Provisional words from a failing model ");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        l.onAttemptDiscarded("stream truncated");
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> true);
        l.onDelta("The standing answer ");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("editMessageText").size() == 1);
        assertThat(fake.calls("editMessageText").get(0).param("text")).isEqualTo("The standing answer");
    }

    @Test
    void streamedRepliesEditOneMessageThrottledThenFormatIt() {
        start(true);
        fake.pushText(OWNER, "stream please");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.get() != null);
        ReplyListener l = listener.get();
        for (String d : new String[]{"Hello", " wor", "ld", ", and", " more"}) l.onDelta(d);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        assertThat(fake.calls("sendMessage").get(0).param("text")).isEqualTo("Hello");
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> true);
        l.onDelta(" text");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("editMessageText").size() == 1);
        // The last word is still arriving (it could be half a secret), so it is held back until the text settles.
        assertThat(fake.calls("editMessageText").get(0).param("text")).isEqualTo("Hello world, and more");
        l.onComplete(new Reply("s", "Hello **world**, and more text", "m", false, 1, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("editMessageText").size() == 2);
        var last = fake.calls("editMessageText").get(1);
        assertThat(last.param("text")).isEqualTo("Hello <b>world</b>, and more text");
        assertThat(last.param("parse_mode")).isEqualTo("HTML");
        assertThat(last.param("message_id")).isEqualTo(fake.calls("editMessageText").get(0).param("message_id"));
        assertThat(fake.calls("sendMessage")).hasSize(1);
    }
}
