package dev.clawdbot.ops.checks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.telegram.TelegramNoticeChannel;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.DurableNotifier;
import dev.clawdbot.core.notify.NotifyPolicy;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.mail.MailNoticeChannel;
import dev.clawdbot.mail.MailNoticeConfig;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A weekly report goes through the one operator notifier (stored in its outbox, then delivered): e-mail as
 * multipart/alternative (text + HTML), Telegram as the report's summary.
 */
class ReportDeliveryTest {
    private static final long CHAT = 4242L;

    @TempDir
    Path dir;

    @Test
    void aWeeklyReportArrivesAsTextAndHtmlMailAndAsATelegramMessage() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Clock clock = Clock.systemUTC();
        try (FakeTelegramServer telegram = new FakeTelegramServer(); Database db = Database.sqlite(dir.resolve("ops.db"))) {
            MailNoticeChannel mail = new MailNoticeChannel(new MailNoticeConfig(List.of("ops@example.org"), "clawdbot@example.org",
                    "127.0.0.1", smtp.getSmtp().getPort(), false, null, null), clock);
            TelegramConfig bot = new TelegramConfig("123:admin", telegram.baseUrl(), List.of(CHAT), null, null, null, null, 1,
                    null, null, Duration.ofMillis(10), null, null, null, null, null);
            DurableNotifier notifier = new DurableNotifier(db, List.of(mail, new TelegramNoticeChannel(bot, List.of(CHAT))),
                    NotifyPolicy.defaults(), EventSink.NONE, clock, "test:1").start();
            try {
                Finding bad = new Finding(Finding.Severity.WARNING, "spool", "/var/spool/x", "3 file(s) <stale>", "check the consumer");
                Finding info = new Finding(Finding.Severity.INFO, "containers", "image age", "2 images", "");
                new WeeklyTier(List.of(() -> List.of(info, bad)), "node-a", notifier, clock).run(clock.instant());
                assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (telegram.sent().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            } finally {
                notifier.close();
            }
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertThat(m.getSubject()).isEqualTo("[Clawdbot] Clawdbot weekly maintenance: 1 finding");
            assertThat(m.getContentType()).startsWith("multipart/alternative");
            MimeMultipart parts = (MimeMultipart) m.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
            assertThat((String) parts.getBodyPart(0).getContent()).contains("WARNING  spool /var/spool/x: 3 file(s) <stale>", "fix: check the consumer");
            assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
            assertThat((String) parts.getBodyPart(1).getContent()).contains("<td>3 file(s) &lt;stale&gt;</td>").doesNotContain("<stale>");
            assertThat(telegram.sent()).singleElement().satisfies(s -> {
                assertThat(s.chatId()).isEqualTo(CHAT);
                assertThat(s.text()).startsWith("⚠ Clawdbot weekly maintenance: 1 finding\n\nhost node-a · ")
                        .contains("0 critical · 1 warning · 1 info",
                                "WARNING spool /var/spool/x: 3 file(s) <stale> → fix: check the consumer",
                                "Full report: clawdbot ops runs weekly (run scheduled for ")
                        .doesNotContain("WARNING  spool");
            });
        } finally {
            smtp.stop();
        }
    }
}
