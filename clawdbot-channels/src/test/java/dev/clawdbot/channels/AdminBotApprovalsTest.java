package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.AdminBot;
import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.RecordingEvents;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import dev.clawdbot.testkit.telegram.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Approval questions through the admin bot: only its allowlist answers, a press is bound to the offer's binding,
 * single use, refused after expiry, and still works after a restart (new objects over the same database);
 * a reply to the question goes to the reply handler, other text to the admin agent.
 */
class AdminBotApprovalsTest extends TelegramTestBase {
    static final String ADMIN_TOKEN = "777:ADMIN-token";
    static final long OPERATOR = 4242, USER_BOT_USER = 1111;

    AdminBot bot;
    RecordingEvents events = new RecordingEvents();
    List<Approvals.Answer> handled = new CopyOnWriteArrayList<>();
    List<String> replies = new CopyOnWriteArrayList<>();
    List<String> runs = new CopyOnWriteArrayList<>();
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeEach
    void setUp() {
        bot = newBot();
        bot.start();
    }

    @AfterEach
    void tearDown() {
        bot.close();
    }

    AdminBot newBot() {
        return newBot(db);
    }

    AdminBot newBot(Database db) {
        TelegramConfig cfg = TelegramConfig.builder().botToken(ADMIN_TOKEN).apiBaseUrl(fake.baseUrl()).allowFrom(List.of(OPERATOR))
                .pollTimeoutSeconds(1).perChatInterval(Duration.ofMillis(10)).build();
        AdminBot b = new AdminBot(cfg, db, Harness.NO_STATUS, (operator, text) -> {
            runs.add(operator + ": " + text);
            return "ran";
        }, new Harness.KeywordGuard(), events, clock);
        b.approvals().onAnswer(a -> {
            handled.add(a);
            return "Approved request " + a.binding();
        });
        b.approvals().onReply((operator, binding, text) -> {
            replies.add(operator + "|" + binding + "|" + text);
            return "Read as a question about " + binding;
        });
        return b;
    }

    FakeTelegramServer.Sent asked(String question) {
        return fake.sent().stream().filter(s -> question.equals(s.text())).findFirst().orElseThrow();
    }

    String button(FakeTelegramServer.Sent s, int index) {
        JsonNode kb = s.replyMarkup().get("inline_keyboard");
        return kb.get(index).get(0).get("callback_data").asText();
    }

    String callbackAnswer(String callbackId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("answerCallbackQuery").stream().anyMatch(c -> callbackId.equals(c.param("callback_query_id"))));
        return fake.calls("answerCallbackQuery").stream().filter(c -> callbackId.equals(c.param("callback_query_id"))).findFirst().orElseThrow().param("text");
    }

    List<String> texts(long chat) {
        return fake.sent().stream().filter(s -> s.chatId() == chat && s.replyMarkup() == null).map(FakeTelegramServer.Sent::text).toList();
    }

    @Test
    void anApprovalQuestionIsScreenedBeforeItLeaves() {
        bot.approvals().ask(OPERATOR, "Approve writing key sk-live_abcdefghijklmnop1234 to /etc/app.env?", List.of("Approve", "Deny"),
                "req_9 abc", clock.instant().plusSeconds(3600));
        FakeTelegramServer.Sent q = asked("Approve writing key [REDACTED_API_KEY] to /etc/app.env?");
        assertThat(q.replyMarkup()).isNotNull();
        assertThat(fake.sent()).noneSatisfy(s -> assertThat(s.text()).contains("sk-live_abcdefghijklmnop1234"));
    }

    @Test
    void onlyTheAdminAllowlistCanPressAndThePressIsBoundAndSingleUse() {
        bot.approvals().ask(OPERATOR, "Approve req_1?", List.of("Approve", "Deny"), "req_1 abcdef", clock.instant().plusSeconds(3600));
        FakeTelegramServer.Sent q = asked("Approve req_1?");
        assertThat(fake.sent()).allSatisfy(s -> assertThat(s.token()).isEqualTo(ADMIN_TOKEN));
        // Someone the user bot allows, pressing in their own chat or forging the operator's chat: never an answer.
        fake.pushUpdate(Updates.callback("c1", USER_BOT_USER, USER_BOT_USER, q.messageId(), button(q, 0)));
        fake.pushUpdate(Updates.callback("c2", USER_BOT_USER, OPERATOR, q.messageId(), button(q, 0)));
        assertThat(callbackAnswer("c1")).isEqualTo("Not allowed.");
        assertThat(callbackAnswer("c2")).isEqualTo("Not allowed.");
        assertThat(handled).isEmpty();
        // A tampered signature or another message id from the operator: refused.
        String forged = button(q, 0).substring(0, button(q, 0).length() - 2) + "AA";
        fake.pushUpdate(Updates.callback("c3", OPERATOR, OPERATOR, q.messageId(), forged));
        fake.pushUpdate(Updates.callback("c4", OPERATOR, OPERATOR, q.messageId() + 100, button(q, 0)));
        assertThat(callbackAnswer("c3")).isEqualTo("This button is not valid.");
        assertThat(callbackAnswer("c4")).isEqualTo("This button is not valid.");
        assertThat(handled).isEmpty();

        fake.pushUpdate(Updates.callback("c5", OPERATOR, OPERATOR, q.messageId(), button(q, 0)));
        assertThat(callbackAnswer("c5")).isEqualTo("Approved request req_1 abcdef");
        assertThat(handled).singleElement().satisfies(a -> {
            assertThat(a.option()).isEqualTo("Approve");
            assertThat(a.answeredBy()).isEqualTo(OPERATOR);
            assertThat(a.binding()).isEqualTo("req_1 abcdef");
        });
        fake.pushUpdate(Updates.callback("c6", OPERATOR, OPERATOR, q.messageId(), button(q, 1)));
        assertThat(callbackAnswer("c6")).isEqualTo("This was already answered: Approve.");
        assertThat(handled).hasSize(1);
        assertThat(events.ofType("telegram.admin.rejected")).hasSize(2);
    }

    @Test
    void aButtonPressedAfterARestartWorksExactlyOnce() {
        bot.approvals().ask(OPERATOR, "Approve req_2?", List.of("Approve", "Deny"), "req_2 0123", clock.instant().plusSeconds(3600));
        FakeTelegramServer.Sent q = asked("Approve req_2?");
        bot.close();
        bot = newBot();
        bot.start();
        fake.pushUpdate(Updates.callback("r1", OPERATOR, OPERATOR, q.messageId(), button(q, 1)));
        assertThat(callbackAnswer("r1")).isEqualTo("Approved request req_2 0123");
        assertThat(handled).singleElement().satisfies(a -> assertThat(a.option()).isEqualTo("Deny"));
        bot.close();
        bot = newBot();
        bot.start();
        fake.pushUpdate(Updates.callback("r2", OPERATOR, OPERATOR, q.messageId(), button(q, 0)));
        assertThat(callbackAnswer("r2")).isEqualTo("This was already answered: Deny.");
        assertThat(handled).hasSize(1);
    }

    @Test
    void aPressRecordedButNotActedOnBeforeACrashIsActedOnAtTheNextStart() {
        bot.approvals().onAnswer(a -> {
            throw new IllegalStateException("database down");
        });
        bot.approvals().ask(OPERATOR, "Approve req_3?", List.of("Approve", "Deny"), "req_3 77", clock.instant().plusSeconds(3600));
        FakeTelegramServer.Sent q = asked("Approve req_3?");
        fake.pushUpdate(Updates.callback("k1", OPERATOR, OPERATOR, q.messageId(), button(q, 0)));
        assertThat(callbackAnswer("k1")).isEqualTo("Recorded, but it could not be acted on yet; it will be at the next start.");
        assertThat(handled).isEmpty();
        bot.close();
        bot = newBot();
        bot.start();
        assertThat(handled).singleElement().satisfies(a -> assertThat(a.binding()).isEqualTo("req_3 77"));
        bot.close();
        bot = newBot();
        bot.start();
        assertThat(handled).as("applied once, not again at every start").hasSize(1);
    }

    @Test
    void offersAndTheirBindingsWorkOnPostgresAcrossARestart() throws Exception {
        bot.close();
        try (Database pgDb = Database.open(SharedPostgres.freshDatabase("channels", 2))) {
            bot = newBot(pgDb);
            bot.start();
            bot.approvals().ask(OPERATOR, "Approve req_pg?", List.of("Approve", "Deny"), "req_pg 55", clock.instant().plusSeconds(3600));
            FakeTelegramServer.Sent q = asked("Approve req_pg?");
            bot.close();
            bot = newBot(pgDb);
            bot.start();
            fake.pushUpdate(Updates.callback("p1", OPERATOR, OPERATOR, q.messageId(), button(q, 0)));
            assertThat(callbackAnswer("p1")).isEqualTo("Approved request req_pg 55");
            fake.pushUpdate(Updates.privateReply(OPERATOR, "and why?", 700, q.messageId()));
            await().atMost(Duration.ofSeconds(10)).until(() -> replies.size() == 1);
            bot.close();
        }
        bot = newBot();
    }

    @Test
    void aPressAfterExpiryDecidesNothing() {
        bot.approvals().ask(OPERATOR, "Approve req_4?", List.of("Approve", "Deny"), "req_4 99", clock.instant().plusSeconds(60));
        FakeTelegramServer.Sent q = asked("Approve req_4?");
        clock.advance(Duration.ofSeconds(61));
        fake.pushUpdate(Updates.callback("e1", OPERATOR, OPERATOR, q.messageId(), button(q, 0)));
        assertThat(callbackAnswer("e1")).startsWith("This question expired at 2026-03-01T10:01:00Z; nothing was decided.");
        assertThat(handled).isEmpty();
    }

    @Test
    void aReplyToTheQuestionGoesToTheReplyHandlerAndOtherTextToTheAdminAgent() {
        bot.approvals().ask(OPERATOR, "Approve req_5?", List.of("Approve", "Deny"), "req_5 42", clock.instant().plusSeconds(3600));
        FakeTelegramServer.Sent q = asked("Approve req_5?");
        fake.pushUpdate(Updates.privateReply(OPERATOR, "why does it need root?", 500, q.messageId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> texts(OPERATOR).contains("Read as a question about req_5 42"));
        assertThat(replies).containsExactly(OPERATOR + "|req_5 42|why does it need root?");
        assertThat(runs).isEmpty();

        // Replying to something that is not an approval question, or writing without a reply: an admin-agent run.
        fake.pushUpdate(Updates.privateReply(OPERATOR, "how full is the disk?", 501, 12345));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 1);
        assertThat(replies).hasSize(1);
        // A stranger's reply to the question reaches nobody.
        fake.pushUpdate(Updates.privateReply(USER_BOT_USER, "yes", 502, q.messageId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.ofType("telegram.admin.rejected").size() == 1);
        assertThat(replies).hasSize(1);
    }
}
