package dev.clawdbot.channels.mail;

import dev.clawdbot.core.outbox.Lifecycle;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.clawdbot.channels.mail.NotifyStatus.BASELINE;
import static dev.clawdbot.channels.mail.NotifyStatus.FILTERED;
import static dev.clawdbot.channels.mail.NotifyStatus.HELD;
import static dev.clawdbot.channels.mail.NotifyStatus.PENDING;
import static dev.clawdbot.channels.mail.NotifyStatus.SENDING;
import static dev.clawdbot.channels.mail.NotifyStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifyStatusTest {

    @TempDir
    Path dir;

    @Test
    void everyLegalMoveIsListedAndEveryOtherIsRefused() {
        assertThat(Lifecycle.moves(NotifyStatus.class)).isEqualTo(Map.of(
                PENDING, Set.of(SENDING), HELD, Set.of(SENDING), SENDING, Set.of(SENT, PENDING),
                SENT, Set.of(), BASELINE, Set.of(), FILTERED, Set.of()));
        assertThat(List.of(NotifyStatus.values())).extracting(NotifyStatus::wire)
                .containsExactly("pending", "held", "sending", "sent", "baseline", "filtered");
    }

    @Test
    void theStoreMakesEveryLegalMoveAndRefusesEveryIllegalOneWithoutWriting() {
        try (Database db = Database.sqlite(dir.resolve("m.db"))) {
            NotifiedStore store = new NotifiedStore(db, Clock.systemUTC());
            int n = 0;
            for (NotifyStatus from : NotifyStatus.values()) {
                for (NotifyStatus to : NotifyStatus.values()) {
                    String id = "<" + n++ + "@x>";
                    if (NotifyStatus.INITIAL.contains(from)) {
                        assertThat(store.claim("box", "INBOX", id, "s", from)).isTrue();
                    } else {
                        assertThat(store.claim("box", "INBOX", id, "s", PENDING)).isTrue();
                        assertThat(store.transition("box", id, PENDING, SENDING)).isTrue();
                        if (from == SENT) assertThat(store.transition("box", id, SENDING, SENT)).isTrue();
                    }
                    if (from.canMoveTo(to)) {
                        assertThat(store.transition("box", id, from, to)).as(from + " -> " + to).isTrue();
                        assertThat(store.withStatus(to)).extracting(NotifiedStore.Row::messageId).contains(id);
                    } else {
                        assertThatThrownBy(() -> store.transition("box", id, from, to)).as(from + " -> " + to).isInstanceOf(IllegalStateException.class);
                        assertThat(store.withStatus(from)).extracting(NotifiedStore.Row::messageId).contains(id);
                    }
                }
            }
            assertThatThrownBy(() -> store.claim("box", "INBOX", "<new@x>", "s", SENDING)).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.known("box", "<new@x>")).isFalse();
        }
    }
}
