package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.Harness;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The token is in every URL path; no error may carry it. */
class BotApiClientTest {
    @Test
    void errorsNeverContainTheToken() throws Exception {
        try (FakeTelegramServer fake = new FakeTelegramServer()) {
            BotApiClient api = new BotApiClient(fake.baseUrl(), Harness.TOKEN, Duration.ofSeconds(5));
            fake.failNext("sendMessage", 400, "Bad Request: wrong url /bot" + Harness.TOKEN + "/sendMessage");
            TelegramApiException e = catchThrowableOfType(TelegramApiException.class, () -> api.sendMessage(1, "x", null, null));
            assertThat(e.errorCode()).isEqualTo(400);
            assertThat(e.getMessage()).doesNotContain(Harness.TOKEN).contains("/bot***/sendMessage");
            fake.failWith429("sendChatAction", 7, 1);
            TelegramApiException limited = catchThrowableOfType(TelegramApiException.class, () -> api.sendChatAction(1, "typing"));
            assertThat(limited.isRateLimited()).isTrue();
            assertThat(limited.retryAfterSeconds()).isEqualTo(7);
            assertThat(api.toString()).doesNotContain("TEST-secret");
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BotApiClient down = new BotApiClient("http://127.0.0.1:" + closedPort, Harness.TOKEN, Duration.ofSeconds(2));
        TelegramApiException e = catchThrowableOfType(TelegramApiException.class, down::getMeUsername);
        assertThat(e.errorCode()).isZero();
        assertThat(e.getMessage()).doesNotContain("TEST-secret");
        assertThat(e).hasNoCause();
    }

    @Test
    void getUpdatesConflictsWhileAWebhookIsSet() {
        try (FakeTelegramServer fake = new FakeTelegramServer()) {
            BotApiClient api = new BotApiClient(fake.baseUrl(), Harness.TOKEN, Duration.ofSeconds(5));
            api.setWebhook("https://h.example/x", "secret-secret-secret");
            TelegramApiException e = catchThrowableOfType(TelegramApiException.class, () -> api.getUpdates(0, 0));
            assertThat(e.errorCode()).isEqualTo(409);
            api.deleteWebhook();
            assertThat(api.getUpdates(0, 0)).isEmpty();
        }
    }
}
