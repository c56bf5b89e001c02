package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.AdminBot;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.testkit.telegram.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spoofed approval buttons on the admin bot are alerts (level 10, pushed to the operator); a stranger's text is not. */
class AdminBotSpoofAlertTest extends TelegramTestBase {
    static final long OPERATOR = 4242, STRANGER = 6666;

    final RecordingEvents events = new RecordingEvents();
    AdminBot bot;

    @AfterEach
    void tearDown() {
        if (bot != null) bot.close();
    }

    @Test
    void aForgedButtonAndAStrangersPressAreLevelTenAndAStrangersTextStaysLevelEight() {
        bot = new AdminBot(TelegramConfig.of("777:ADMIN-token", fake.baseUrl(), List.of(OPERATOR)), db, Harness.NO_STATUS,
                new Harness.KeywordGuard(), events, Clock.systemUTC());
        bot.start();
        fake.pushUpdate(Updates.callback("c1", OPERATOR, OPERATOR, 10, "forged-approval-data"));
        fake.pushUpdate(Updates.callback("c2", STRANGER, STRANGER, 11, "forged-approval-data"));
        fake.pushText(STRANGER, "/status");
        await().atMost(Duration.ofSeconds(20)).until(() -> events.ofType("telegram.callback.rejected").size() == 1
                && events.ofType("telegram.admin.rejected").size() == 2);
        assertThat(events.ofType("telegram.callback.rejected")).extracting(Event::level).containsExactly(10);
        assertThat(events.ofType("telegram.admin.rejected")).extracting(e -> e.fields().get("kind") + "=" + e.level())
                .containsExactlyInAnyOrder("callback_query=10", "message=8");
    }
}
