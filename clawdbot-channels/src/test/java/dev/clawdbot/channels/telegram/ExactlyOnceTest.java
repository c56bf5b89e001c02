package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.Harness;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
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

/**
 * Restarts at every point of the intake: no update is lost, and none is answered twice. A message handed to the
 * agent before a crash is submitted again under the same idempotency key, so the model does not run twice.
 */
class ExactlyOnceTest {
    static final long OWNER = 1111;

    @TempDir
    Path dir;
    FakeTelegramServer fake;
    Database db;
    Harness.ScriptedChat chat = new Harness.ScriptedChat();
    Harness.Events events = new Harness.Events();
    List<AutoCloseable> open = new ArrayList<>();
    UpdateStore store;

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
        return process(chat);
    }

    BotRuntime process(ChatService chat) {
        TelegramConfig cfg = TelegramConfig.builder().botToken(Harness.TOKEN).apiBaseUrl(fake.baseUrl()).allowFrom(List.of(OWNER))
                .pollTimeoutSeconds(0).perChatInterval(Duration.ofMillis(10)).build();
        BotApiClient api = new BotApiClient(cfg.apiBaseUrl(), cfg.botToken(), Duration.ofSeconds(5));
        BotIdentity id = new BotIdentity(cfg.botToken(), "bot");
        OutboundQueue q = new OutboundQueue(cfg.perChatInterval(), 30, events, Clock.systemUTC(), "t");
        Replies replies = new Replies(cfg, api, new Harness.KeywordGuard(), q, null, null, events, Clock.systemUTC());
        UpdateStore store = new UpdateStore(db, Clock.systemUTC(), id.storeKey());
        PairingStore pairing = new PairingStore(db, Clock.systemUTC());
        CallbackOffers offers = new CallbackOffers(db, Clock.systemUTC(), events, id.storeKey(), cfg.botToken(), api, q, new Harness.KeywordGuard());
        UserRouter router = new UserRouter(cfg, id, store, pairing, offers, new Harness.KeywordGuard(), chat, replies, null, null, events, Clock.systemUTC());
        this.store = store;
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

    List<String> sent() {
        return fake.calls("sendMessage").stream().map(c -> c.param("text")).toList();
    }

    @Test
    void aTurnCommittedBeforeACrashIsReplayedAfterRestartNotRunAgain() {
        Harness.IdempotentChat gateway = new Harness.IdempotentChat();
        gateway.die = Harness.IdempotentChat.Die.AFTER_COMMIT;
        long updateId = fake.pushText(OWNER, "what is the load?");
        BotRuntime first = process(gateway);
        first.pollOnce(UpdateStore.CommitHook.NONE);
        first.dispatchPending();
        first.close();
        assertThat(gateway.modelRuns).hasValue(1);
        assertThat(store.count(InboxStatus.SUBMITTED)).isEqualTo(1);

        gateway.die = Harness.IdempotentChat.Die.NEVER;
        fake.pushText(OWNER, "and the disk?");
        BotRuntime second = process(gateway);
        second.recoverInterrupted();
        second.pollOnce(UpdateStore.CommitHook.NONE);
        second.dispatchPending();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent().size() == 2);
        // One answer each, the interrupted message first; its model ran once.
        assertThat(sent()).containsExactly("answer to what is the load?", "answer to and the disk?");
        assertThat(gateway.modelRuns).hasValue(2);
        assertThat(gateway.received).extracting(InboundMessage::idempotencyKey)
                .containsExactly("telegram:123456:" + updateId, "telegram:123456:" + updateId, "telegram:123456:" + (updateId + 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.count(InboxStatus.DONE) == 2);
        assertThat(events.ofType("telegram.update.resubmitted")).hasSize(1);
        assertThat(events.ofType("telegram.update.interrupted")).isEmpty();
        second.close();

        BotRuntime third = process(gateway);
        third.recoverInterrupted();
        third.pollOnce(UpdateStore.CommitHook.NONE);
        third.dispatchPending();
        assertThat(gateway.received).hasSize(3);
        assertThat(sent()).hasSize(2);
    }

    @Test
    void aTurnCutOffBeforeItsCommitRunsAfterRestartAndIsAnsweredOnce() {
        Harness.IdempotentChat gateway = new Harness.IdempotentChat();
        gateway.die = Harness.IdempotentChat.Die.BEFORE_COMMIT;
        fake.pushText(OWNER, "in flight");
        BotRuntime first = process(gateway);
        first.pollOnce(UpdateStore.CommitHook.NONE);
        first.dispatchPending();
        first.close();
        assertThat(gateway.modelRuns).hasValue(0);

        gateway.die = Harness.IdempotentChat.Die.NEVER;
        BotRuntime second = process(gateway);
        second.recoverInterrupted();
        second.dispatchPending();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent().size() == 1);
        assertThat(sent()).containsExactly("answer to in flight");
        assertThat(gateway.modelRuns).hasValue(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.count(InboxStatus.DONE) == 1);
    }

    @Test
    void aMessageThatKeepsKillingTheProcessIsResubmittedABoundedNumberOfTimesThenReported() {
        Harness.IdempotentChat gateway = new Harness.IdempotentChat();
        gateway.die = Harness.IdempotentChat.Die.BEFORE_COMMIT;
        fake.pushText(OWNER, "poison");
        BotRuntime rt = process(gateway);
        rt.pollOnce(UpdateStore.CommitHook.NONE);
        rt.dispatchPending();
        rt.close();
        for (int restart = 0; restart < BotRuntime.MAX_RESUBMITS + 1; restart++) {
            rt = process(gateway);
            rt.recoverInterrupted();
            rt.dispatchPending();
            rt.close();
        }
        assertThat(gateway.received).hasSize(1 + BotRuntime.MAX_RESUBMITS);
        assertThat(events.ofType("telegram.update.resubmitted")).hasSize(BotRuntime.MAX_RESUBMITS);
        assertThat(events.ofType("telegram.update.interrupted")).hasSize(1);
        assertThat(store.count(InboxStatus.INTERRUPTED)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sent().isEmpty());
        assertThat(sent()).singleElement().satisfies(t -> assertThat(t).contains("restarted").contains("send it again"));
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
