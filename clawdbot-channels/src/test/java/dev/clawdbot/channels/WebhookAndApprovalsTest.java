package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.TelegramChannel;
import dev.clawdbot.channels.telegram.WebhookHandler;
import dev.clawdbot.testkit.RecordingEvents;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.testkit.telegram.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookAndApprovalsTest extends TelegramTestBase {
    static final long OWNER = 1111, STRANGER = 6666;
    static final String SECRET = "webhook-secret-0123456789";

    Harness.ScriptedChat chat = new Harness.ScriptedChat();
    RecordingEvents events = new RecordingEvents();
    HttpServer appServer;

    @AfterEach
    void tearDown() {
        if (appServer != null) appServer.stop(0);
    }

    TelegramConfig config(TelegramConfig.Mode mode, String url, List<Long> allow) {
        return TelegramConfig.builder().botToken(Harness.TOKEN).apiBaseUrl(fake.baseUrl()).allowFrom(allow).mode(mode).webhookUrl(url)
                .webhookSecret(SECRET).pollTimeoutSeconds(1).perChatInterval(Duration.ofMillis(10)).build();
    }

    ObjectNode update(long updateId, long from, String text) {
        ObjectNode u = Updates.privateText(from, text, updateId);
        u.put("update_id", updateId);
        return u;
    }

    byte[] bytes(ObjectNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void webhookChecksTheSecretAndAcceptsEachUpdateOnce() {
        channel = new TelegramChannel(config(TelegramConfig.Mode.WEBHOOK, "https://bot.example.org/telegram", List.of(OWNER)),
                db, chat, new Harness.KeywordGuard(), null, null, events, Clock.systemUTC());
        channel.start();
        assertThat(fake.calls("setWebhook")).singleElement().satisfies(c -> assertThat(c.param("secret_token")).isEqualTo(SECRET));
        WebhookHandler hook = channel.webhookHandler();
        assertThat(hook.handle(Map.of(), bytes(update(1, OWNER, "no secret"))).status()).isEqualTo(401);
        assertThat(hook.handle(Map.of("X-Telegram-Bot-Api-Secret-Token", List.of(SECRET + "x")), bytes(update(2, OWNER, "bad"))).status()).isEqualTo(401);
        assertThat(hook.handle(Map.of("X-Telegram-Bot-Api-Secret-Token", List.of(SECRET.substring(1))), bytes(update(3, OWNER, "prefix"))).status()).isEqualTo(401);
        Map<String, List<String>> good = Map.of("x-telegram-bot-api-secret-token", List.of(SECRET));
        assertThat(hook.handle(good, "{not json".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(hook.handle(good, bytes(update(4, OWNER, "hello"))).status()).isEqualTo(200);
        // Telegram redelivers when it did not see our 200: the same update_id is accepted but not handled again.
        assertThat(hook.handle(good, bytes(update(4, OWNER, "hello"))).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        assertThat(chat.received).extracting(m -> m.text()).containsExactly("hello");
        assertThat(events.ofType("telegram.webhook.rejected")).hasSize(4);
        assertThat(fake.calls("getUpdates")).isEmpty();
    }

    @Test
    void storageFailureAsksTelegramToRetry() {
        channel = new TelegramChannel(config(TelegramConfig.Mode.WEBHOOK, "https://bot.example.org/telegram", List.of(OWNER)),
                db, chat, new Harness.KeywordGuard(), null, null, events, Clock.systemUTC());
        channel.start();
        db.close();
        Map<String, List<String>> good = Map.of("X-Telegram-Bot-Api-Secret-Token", List.of(SECRET));
        assertThat(channel.webhookHandler().handle(good, bytes(update(9, OWNER, "later"))).status()).isEqualTo(503);
        assertThat(events.ofType("telegram.webhook.failed")).hasSize(1);
        assertThat(chat.received).isEmpty();
    }

    @Test
    void webhookDeliveryFromTheFakeServerReachesTheHandler() throws Exception {
        appServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String url = "http://127.0.0.1:" + appServer.getAddress().getPort() + "/telegram";
        channel = new TelegramChannel(config(TelegramConfig.Mode.WEBHOOK, url, List.of(OWNER)),
                db, chat, new Harness.KeywordGuard(), null, null, events, Clock.systemUTC());
        WebhookHandler hook = channel.webhookHandler();
        appServer.createContext("/telegram", ex -> {
            WebhookHandler.Response r = hook.handle(ex.getRequestHeaders(), ex.getRequestBody().readAllBytes());
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(r.status(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        appServer.start();
        channel.start();
        fake.pushText(OWNER, "via webhook");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("sendMessage").size() == 1);
        assertThat(chat.received).extracting(m -> m.text()).containsExactly("via webhook");
        assertThat(fake.pendingCount()).isZero();
    }

    @Test
    void switchingBackToPollingDeletesTheWebhookFirst() {
        fake.pushText(OWNER, "queued while the webhook was set");
        new dev.clawdbot.channels.telegram.BotApiClient(fake.baseUrl(), Harness.TOKEN, Duration.ofSeconds(5)).setWebhook("https://old.example.org/hook", SECRET);
        assertThat(fake.webhookUrl()).isNotNull();
        channel = new TelegramChannel(config(null, null, List.of(OWNER)), db, chat, new Harness.KeywordGuard(), null, null, events, Clock.systemUTC());
        channel.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.received.size() == 1);
        assertThat(fake.webhookUrl()).isNull();
        assertThat(fake.calls("deleteWebhook")).hasSize(1);
    }

    @Test
    void approvalsAcceptOnlyTheFirstValidAnswerFromAnAllowedSenderOnTheOfferedMessage() throws Exception {
        channel = new TelegramChannel(config(null, null, List.of(OWNER, 2222L)), db, chat, new Harness.KeywordGuard(), null, null, events, Clock.systemUTC());
        channel.start();
        Approvals.Offer offer = channel.approvals().ask(OWNER, "Restart nginx on web-1?", List.of("Approve", "Deny"));
        var sent = fake.calls("sendMessage").get(0);
        var keyboard = sent.params().get("reply_markup").get("inline_keyboard");
        String approve = keyboard.get(0).get(0).get("callback_data").asText();
        String deny = keyboard.get(1).get(0).get("callback_data").asText();
        assertThat(approve.length()).isLessThanOrEqualTo(64);
        long msgId = 1; // the fake numbers messages from 1 and this is the first one
        // A stranger presses Approve.
        fake.pushUpdate(Updates.callback("c1", STRANGER, OWNER, msgId, approve));
        // An allowed user forges the index (Deny's signature with Approve's index).
        fake.pushUpdate(Updates.callback("c2", 2222, OWNER, msgId, deny.replace(":1:", ":0:")));
        // A valid callback replayed onto another message.
        fake.pushUpdate(Updates.callback("c3", OWNER, OWNER, msgId + 5, approve));
        // The real answer, then the same press again.
        fake.pushUpdate(Updates.callback("c4", OWNER, OWNER, msgId, deny));
        fake.pushUpdate(Updates.callback("c5", OWNER, OWNER, msgId, approve));
        Approvals.Answer answer = offer.answer().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.option()).isEqualTo("Deny");
        assertThat(answer.answeredBy()).isEqualTo(OWNER);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("answerCallbackQuery").size() == 5);
        assertThat(fake.calls("answerCallbackQuery")).extracting(c -> c.param("text"))
                .containsExactly("Not allowed.", "This button is not valid.", "This button is not valid.", "Recorded.", "This was already answered.");
        assertThat(channel.approvals().answerOf(offer.offerId())).contains(answer);
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("editMessageReplyMarkup").size() == 1);
        assertThat(fake.calls("editMessageReplyMarkup").get(0).param("message_id")).isEqualTo("1");
        assertThat(chat.received).isEmpty();
    }
}
