package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.TelegramChannel;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.guard.ContentSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Everything the user bot sends passes screenOutput: secrets redacted, the sender's PII placeholders restored. */
class OutputScreeningTest extends TelegramTestBase {
    static final long OWNER = 1111;
    static final String KEY = "sk-live-4f9aQ2xZ7bN1mK8pR3tW";

    Harness.KeywordGuard guard = new Harness.KeywordGuard();
    final AtomicReference<InboundMessage> received = new AtomicReference<>();
    final AtomicReference<ReplyListener> listener = new AtomicReference<>();

    void start(boolean liveEdit, ChatService chat) {
        TelegramConfig cfg = TelegramConfig.builder().botToken(Harness.TOKEN).apiBaseUrl(fake.baseUrl()).allowFrom(List.of(OWNER))
                .pollTimeoutSeconds(1).perChatInterval(Duration.ofMillis(10)).typingInterval(Duration.ofMillis(60)).liveEdit(liveEdit)
                .editInterval(Duration.ofMillis(50)).build();
        channel = new TelegramChannel(cfg, db, chat, guard, null, null, new RecordingEvents(), Clock.systemUTC());
        channel.start();
    }

    /** Holds each message; the test drives the listener. */
    ChatService held() {
        return (m, l) -> {
            received.set(m);
            listener.set(l);
        };
    }

    List<String> everythingSent() {
        return Stream.concat(fake.calls("sendMessage").stream(), fake.calls("editMessageText").stream()).map(c -> c.param("text")).toList();
    }

    @Test
    void aReplyContainingAnApiKeyGoesOutRedacted() {
        start(false, held());
        fake.pushText(OWNER, "what is the key?");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.get() != null);
        listener.get().onComplete(new Reply("s", "The key is " + KEY + ", keep it safe.", "m", false, 1, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        assertThat(fake.calls("sendMessage").get(0).param("text")).isEqualTo("The key is [REDACTED_API_KEY], keep it safe.");
        assertThat(guard.outputScreened).contains(new ContentSource("chat", "telegram:1111"));
    }

    @Test
    void liveEditedPartialTextNeverShowsAnyPartOfTheKey() {
        start(true, held());
        fake.pushText(OWNER, "stream the key");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.get() != null);
        ReplyListener l = listener.get();
        l.onDelta("Here it is: ");
        // The key arrives in pieces; each piece alone would slip past a pattern that needs the whole token.
        for (int i = 0; i < KEY.length(); i += 4) {
            l.onDelta(KEY.substring(i, Math.min(KEY.length(), i + 4)));
            await().pollDelay(Duration.ofMillis(60)).atMost(Duration.ofSeconds(2)).until(() -> true);
        }
        l.onDelta(" and more words follow");
        await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> true);
        l.onComplete(new Reply("s", "Here it is: " + KEY + " and more words follow", "m", false, 1, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> everythingSent().stream().anyMatch(t -> t.endsWith("follow")));
        assertThat(everythingSent()).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain("sk-").doesNotContain(KEY.substring(3, 10)));
        assertThat(everythingSent()).last().isEqualTo("Here it is: [REDACTED_API_KEY] and more words follow");
    }

    @Test
    void piiPlaceholdersFromTheSendersMessageAreRestoredInTheReply() {
        guard.piiPlaceholders = true;
        Harness.ScriptedChat chat = new Harness.ScriptedChat();
        chat.script(m -> "I will write to " + m.text().replace("please mail ", "") + " now.");
        start(false, chat);
        fake.pushText(OWNER, "please mail bob@example.org");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        assertThat(chat.received.get(0).text()).isEqualTo("please mail [EMAIL_1]");
        assertThat(fake.calls("sendMessage").get(0).param("text")).isEqualTo("I will write to bob@example.org now.");
    }

    @Test
    void errorsNoticesAndOperatorMessagesAreScreenedToo() {
        start(false, held());
        fake.pushText(OWNER, "fail please");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.get() != null);
        listener.get().onError(new ChatError("tool_failed", "the tool printed " + KEY));
        channel.notify(OWNER, "New mail\n<<untrusted email>>token " + KEY + "<</untrusted>>").join();
        channel.operatorChat(OWNER).send("admin output: " + KEY);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 3);
        assertThat(everythingSent()).hasSize(3).allSatisfy(t -> assertThat(t).doesNotContain(KEY).contains("[REDACTED_API_KEY]"));
    }
}
