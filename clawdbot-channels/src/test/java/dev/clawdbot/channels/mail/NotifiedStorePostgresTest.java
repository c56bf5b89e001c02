package dev.clawdbot.channels.mail;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The notice hand-off (claim, one sender, recovery after a crash mid-send) on PostgreSQL. */
class NotifiedStorePostgresTest {
    @Test
    void oneSenderTakesANoticeAndACrashMidSendMakesItDueAgain() throws Exception {
        try (Database db = Database.open(SharedPostgres.freshDatabase("channels", 2))) {
            NotifiedStore store = new NotifiedStore(db, Clock.systemUTC());
            assertThat(store.claim("work", "INBOX", "<a@x>", "summary", NotifyStatus.PENDING)).isTrue();
            assertThat(store.claim("work", "INBOX", "<a@x>", "summary", NotifyStatus.PENDING)).isFalse();
            assertThat(store.transition("work", "<a@x>", NotifyStatus.PENDING, NotifyStatus.SENDING)).isTrue();
            assertThat(store.transition("work", "<a@x>", NotifyStatus.PENDING, NotifyStatus.SENDING)).isFalse();
            assertThat(store.recoverSending()).isEqualTo(1);
            assertThat(store.withStatus(NotifyStatus.PENDING)).extracting(NotifiedStore.Row::messageId).containsExactly("<a@x>");
            assertThat(store.transition("work", "<a@x>", NotifyStatus.PENDING, NotifyStatus.SENDING)).isTrue();
            assertThat(store.transition("work", "<a@x>", NotifyStatus.SENDING, NotifyStatus.SENT)).isTrue();
            assertThat(store.recoverSending()).isZero();
            assertThat(store.withStatus(NotifyStatus.SENT)).hasSize(1);
        }
    }
}
