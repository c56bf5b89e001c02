package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.AdminBot;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.testkit.telegram.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AdminBotTest extends TelegramTestBase {
    static final String ADMIN_TOKEN = "777:ADMIN-token";
    static final long OPERATOR = 4242, USER = 1111;

    AdminBot bot;
    RecordingEvents events = new RecordingEvents();
    AtomicInteger queueDepth = new AtomicInteger(3);

    @BeforeEach
    void setUp() {
        AdminStatus status = new AdminStatus() {
            @Override
            public Map<String, String> status() {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("gateway", "up 3h");
                m.put("providers", "anthropic ok, local degraded");
                m.put("sandbox", "bubblewrap");
                m.put("queue depth", Integer.toString(queueDepth.get()));
                return m;
            }

            @Override
            public Map<String, String> health() {
                return Map.of("database", "ok");
            }
        };
        TelegramConfig cfg = TelegramConfig.builder().botToken(ADMIN_TOKEN).apiBaseUrl(fake.baseUrl()).allowFrom(List.of(OPERATOR))
                .pollTimeoutSeconds(1).perChatInterval(Duration.ofMillis(10)).build();
        bot = new AdminBot(cfg, db, status, new Harness.KeywordGuard(), events, Clock.systemUTC());
        bot.start();
    }

    @AfterEach
    void tearDown() {
        bot.close();
    }

    List<String> sent(long chat) {
        return fake.calls("sendMessage").stream().filter(c -> c.param("chat_id").equals(Long.toString(chat))).map(c -> c.param("text")).toList();
    }

    @Test
    void answersStatusAndHealthWithLiveFiguresAndRefusesTheRest() {
        fake.pushText(OPERATOR, "/status");
        await().atMost(Duration.ofSeconds(10)).until(() -> sent(OPERATOR).size() == 1);
        assertThat(sent(OPERATOR).get(0)).isEqualTo("Status\n• gateway: up 3h\n• providers: anthropic ok, local degraded\n• sandbox: bubblewrap\n• queue depth: 3");
        queueDepth.set(9);
        fake.pushText(OPERATOR, "/status@admin_bot");
        fake.pushText(OPERATOR, "/health");
        fake.pushText(OPERATOR, "restart nginx please");
        await().atMost(Duration.ofSeconds(10)).until(() -> sent(OPERATOR).size() == 4);
        assertThat(sent(OPERATOR).get(1)).endsWith("queue depth: 9");
        assertThat(sent(OPERATOR).get(2)).isEqualTo("Health\n• database: ok");
        assertThat(sent(OPERATOR).get(3)).contains("admin-agent runs need the broker");
    }

    @Test
    void withAnAdminAgentTheOperatorsTextStartsARunAndStrangersNeverDo() {
        bot.close();
        java.util.List<String> runs = new java.util.concurrent.CopyOnWriteArrayList<>();
        AdminAgent agent = (operator, text) -> {
            runs.add(operator + ": " + text);
            return "Disk usage on / is 41%. Found sk-proj_abcdefghijklmnop9876 in /root/.env.";
        };
        TelegramConfig cfg = TelegramConfig.builder().botToken(ADMIN_TOKEN).apiBaseUrl(fake.baseUrl()).allowFrom(List.of(OPERATOR))
                .pollTimeoutSeconds(1).perChatInterval(Duration.ofMillis(10)).build();
        bot = new AdminBot(cfg, db, Harness.NO_STATUS, agent, new Harness.KeywordGuard(), events, Clock.systemUTC());
        bot.start();
        fake.pushText(USER, "how full is the disk?");
        fake.pushText(OPERATOR, "how full is the disk?");
        await().atMost(Duration.ofSeconds(10)).until(() -> sent(OPERATOR).size() == 2);
        assertThat(sent(OPERATOR)).containsExactly("Working on it (admin agent).", "Disk usage on / is 41%. Found [REDACTED_API_KEY] in /root/.env.");
        assertThat(runs).containsExactly("telegram:" + OPERATOR + ": how full is the disk?");
        assertThat(sent(USER)).isEmpty();
    }

    @Test
    void usersOfTheUserBotAndGroupsAreNotAdmins() {
        fake.pushText(USER, "/status");
        fake.pushUpdate(Updates.wrap("message", Updates.message(5, Updates.user(OPERATOR, "op"), -100, "group", "/status")));
        fake.pushText(OPERATOR, "/health");
        await().atMost(Duration.ofSeconds(10)).until(() -> sent(OPERATOR).size() == 1);
        assertThat(sent(USER)).isEmpty();
        assertThat(sent(-100)).isEmpty();
        assertThat(events.ofType("telegram.admin.rejected")).hasSize(2);
    }

    @Test
    void refusesAConfigWithoutAnAllowlist() {
        TelegramConfig open = TelegramConfig.of(ADMIN_TOKEN, fake.baseUrl(), List.of());
        assertThatThrownBy(() -> new AdminBot(open, db, null, new Harness.KeywordGuard(), events, Clock.systemUTC()))
                .hasMessageContaining("adminBot.allowFrom");
    }
}
