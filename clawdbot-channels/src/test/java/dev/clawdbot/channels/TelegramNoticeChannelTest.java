package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.TelegramNoticeChannel;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelegramNoticeChannelTest {

    final FakeTelegramServer telegram = new FakeTelegramServer();
    final TelegramConfig admin = TelegramConfig.of("111:admin-token", telegram.baseUrl(), List.of(7001L, 7002L));
    final OperatorNotice notice = new OperatorNotice("events", null, 12, "bridge.rejected\u202Egpj.exe",
            "reason: bad signature\nagent: dakota", Instant.parse("2026-12-07T10:00:00Z"));

    @AfterEach
    void stop() {
        telegram.close();
    }

    @Test
    void aNoticeGoesToEveryAdminChatAsPlainTextWithHidingCharactersShown() {
        new TelegramNoticeChannel(admin, TelegramNoticeConfig.defaults().chatsFor(admin)).send(notice);
        assertThat(telegram.sent()).extracting(FakeTelegramServer.Sent::chatId).containsExactly(7001L, 7002L);
        assertThat(telegram.sent()).allSatisfy(s -> assertThat(s.token()).isEqualTo("111:admin-token"));
        assertThat(telegram.sent().get(0).text()).isEqualTo("⚠ bridge.rejected<U+202E>gpj.exe\n\nreason: bad signature\nagent: dakota"
                + "\n\nlevel 12 · events · 2026-12-07T10:00:00Z");
        assertThat(telegram.calls("sendMessage").get(0).param("parse_mode")).isNull();
    }

    @Test
    void configuredChatsReplaceTheAllowlistAndALongBodyIsCut() {
        List<Long> chats = new TelegramNoticeConfig(true, List.of(-100123L)).chatsFor(admin);
        OperatorNotice longOne = new OperatorNotice("ops", null, 10, "report", "x".repeat(5000), notice.time());
        new TelegramNoticeChannel(admin, chats).send(longOne);
        assertThat(telegram.sent()).singleElement().satisfies(s -> {
            assertThat(s.chatId()).isEqualTo(-100123L);
            assertThat(s.text()).contains("… (1500 more characters; the full notice is stored)").hasSizeLessThan(4096);
        });
    }

    @Test
    void aNoticeWithASummarySendsTheSummaryInsteadOfTheBody() {
        OperatorNotice report = new OperatorNotice("ops.weekly", null, 7, "weekly: 1 finding", "the full report\n".repeat(400),
                notice.time(), "<html>…</html>", "host a\nWARNING spool\u202E: stale");
        new TelegramNoticeChannel(admin, List.of(7001L)).send(report);
        assertThat(telegram.sent()).singleElement().extracting(FakeTelegramServer.Sent::text).isEqualTo(
                "⚠ weekly: 1 finding\n\nhost a\nWARNING spool<U+202E>: stale\n\nlevel 7 · ops.weekly · 2026-12-07T10:00:00Z");
    }

    @Test
    void aRefusedSendFailsTheAttempt() {
        telegram.failNext("sendMessage", 500, "Internal Server Error");
        assertThatThrownBy(() -> new TelegramNoticeChannel(admin, List.of(7001L)).send(notice)).hasMessageContaining("500")
                .hasMessageNotContaining("admin-token");
    }
}
