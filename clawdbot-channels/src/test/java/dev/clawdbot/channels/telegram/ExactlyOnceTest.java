package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.Harness;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Restarts at every point of the intake: no update is lost and none reaches the agent twice. */
class ExactlyOnceTest {
    static final long OWNER = 1111;

    @TempDir
    Path dir;
    FakeTelegramServer fake;
    Database db;
    Harness.ScriptedChat chat = new Harness.ScriptedChat();
    Harness.Events events = new Harness.Events();
    List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fake = new FakeTelegramServer();
        db = Database.sqlite(dir.resolve("db.sqlite"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) c.close();
        fake.close();
        db.close();
    }

    /** One "process": a runtime whose threads are not started, driven step by step. */
    BotRuntime process() {
        TelegramConfig cfg = new TelegramConfig(Harness.TOKEN, fake.baseUrl(), List.of(OWNER), null, null, null, null, 0,
                null, null, Duration.ofMillis(10), null, null, null, null, null);
        BotApiClient api = new BotApiClient(cfg.apiBaseUrl(), cfg.botToken(), Duration.ofSeconds(5));
        BotIdentity id = new BotIdentity(cfg.botToken(), "bot");
        OutboundQueue q = new OutboundQueue(cfg.perChatInterval(), 30, events, Clock.systemUTC(), "t");
        Replies replies = new Replies(cfg, api, q, null, null, events, Clock.systemUTC());
        UpdateStore store = new UpdateStore(db, Clock.systemUTC(), id.storeKey());
        PairingStore pairing = new PairingStore(db, Clock.systemUTC());
        CallbackOffers offers = new CallbackOffers(db, Clock.systemUTC(), events, id.storeKey(), cfg.botToken(), api, q);
        UserRouter router = new UserRouter(cfg, id, store, pairing, offers, new Harness.KeywordGuard(), chat, replies, null, null, events, Clock.systemUTC());
        BotRuntime rt = new BotRuntime(id.storeKey(), cfg, api, store, router, events, Clock.systemUTC());
        open.add(rt);
        open.add(replies);
        open.add(q);
        return rt;
    }

    @Test
    void crashBetweenFetchAndCommitRefetchesAndDeliversOnce() {
        fake.pushText(OWNER, "one");
        fake.pushText(OWNER, "two");
        BotRuntime first = process();
        assertThatThrownBy(() -> first.pollOnce(() -> {
            throw new SQLException("simulated crash before commit");
        })).hasMessageContaining("simulated crash");
        first.close();
        assertThat(chat.received).isEmpty();

        BotRuntime second = process();
        second.recoverInterrupted();
        second.pollOnce(UpdateStore.CommitHook.NONE);
        second.dispatchPending();
        // A further poll confirms the offset to Telegram and fetches nothing again.
        second.pollOnce(UpdateStore.CommitHook.NONE);
        second.dispatchPending();
        assertThat(chat.received).extracting(m -> m.text()).containsExactly("one", "two");
        assertThat(fake.pendingCount()).isZero();
    }

    @Test
    void crashAfterCommitBeforeDispatchDeliversAfterRestartOnce() {
        fake.pushText(OWNER, "committed");
        BotRuntime first = process();
        first.pollOnce(UpdateStore.CommitHook.NONE);
        first.close(); // dies before the dispatcher ran
        assertThat(chat.received).isEmpty();

        BotRuntime second = process();
        second.recoverInterrupted();
        // Telegram still holds the update (the new offset was never sent); refetching it must not duplicate it.
        second.pollOnce(UpdateStore.CommitHook.NONE);
        second.dispatchPending();
        second.dispatchPending();
        assertThat(chat.received).extracting(m -> m.text()).containsExactly("committed");
    }

    @Test
    void messagesHandedToTheAgentBeforeACrashAreReportedNotReplayed() {
        chat.hold = true;
        fake.pushText(OWNER, "in flight");
        BotRuntime first = process();
        first.pollOnce(UpdateStore.CommitHook.NONE);
        first.dispatchPending();
        first.close();
        assertThat(chat.received).hasSize(1);

        chat.hold = false;
        BotRuntime second = process();
        second.recoverInterrupted();
        second.dispatchPending();
        assertThat(chat.received).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !fake.calls("sendMessage").isEmpty());
        assertThat(fake.calls("sendMessage").get(0).param("text")).contains("restarted");
        assertThat(events.ofType("telegram.update.interrupted")).hasSize(1);
    }

    @Test
    void aChatServiceThatRefusesTheMessageFailsTheRowAndTellsTheUser() {
        chat.script(m -> {
            throw new IllegalStateException("gateway is shutting down");
        });
        fake.pushText(OWNER, "now?");
        BotRuntime rt = process();
        rt.pollOnce(UpdateStore.CommitHook.NONE);
        rt.dispatchPending();
        await().atMost(Duration.ofSeconds(5)).until(() -> !fake.calls("sendMessage").isEmpty());
        assertThat(fake.calls("sendMessage").get(0).param("text")).contains("could not take that message");
        assertThat(events.ofType("telegram.update.failed")).hasSize(1);
        rt.recoverInterrupted();
        assertThat(events.ofType("telegram.update.interrupted")).isEmpty();
    }
}
