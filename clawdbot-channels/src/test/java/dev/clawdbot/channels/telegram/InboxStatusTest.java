package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.outbox.Lifecycle;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.clawdbot.channels.telegram.InboxStatus.BLOCKED;
import static dev.clawdbot.channels.telegram.InboxStatus.DONE;
import static dev.clawdbot.channels.telegram.InboxStatus.FAILED;
import static dev.clawdbot.channels.telegram.InboxStatus.IGNORED;
import static dev.clawdbot.channels.telegram.InboxStatus.INTERRUPTED;
import static dev.clawdbot.channels.telegram.InboxStatus.PENDING;
import static dev.clawdbot.channels.telegram.InboxStatus.REJECTED;
import static dev.clawdbot.channels.telegram.InboxStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboxStatusTest {

    @TempDir
    Path dir;

    @Test
    void everyLegalMoveIsListedAndEveryOtherIsRefused() {
        assertThat(Lifecycle.moves(InboxStatus.class)).isEqualTo(Map.of(
                PENDING, Set.of(SUBMITTED, DONE, REJECTED, IGNORED, BLOCKED, FAILED),
                SUBMITTED, Set.of(DONE, FAILED, PENDING, INTERRUPTED),
                DONE, Set.of(), REJECTED, Set.of(), IGNORED, Set.of(), BLOCKED, Set.of(), FAILED, Set.of(), INTERRUPTED, Set.of()));
    }

    @Test
    void storedStringsAreTheLowerCaseNamesTheInboxAlwaysHeld() {
        assertThat(List.of(InboxStatus.values())).extracting(InboxStatus::wire)
                .containsExactly("pending", "submitted", "done", "rejected", "ignored", "blocked", "failed", "interrupted");
        for (InboxStatus s : InboxStatus.values()) assertThat(InboxStatus.fromWire(s.wire())).isEqualTo(s);
    }

    @Test
    void theStoreMakesEveryLegalMoveAndRefusesEveryIllegalOneWithoutWriting() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("t.db"))) {
            UpdateStore store = new UpdateStore(db, Clock.systemUTC(), "bot");
            ObjectMapper json = new ObjectMapper();
            long updateId = 1;
            for (InboxStatus from : InboxStatus.values()) {
                for (InboxStatus to : InboxStatus.values()) {
                    store.accept(List.of(json.readTree("{\"update_id\":" + updateId++ + "}")));
                    long id = store.withStatus(PENDING, 1).getFirst().id();
                    // Bring the row to `from` by legal moves.
                    if (from != PENDING) {
                        if (PENDING.canMoveTo(from)) {
                            assertThat(store.transition(id, PENDING, from)).isTrue();
                        } else {
                            assertThat(store.transition(id, PENDING, SUBMITTED)).isTrue();
                            assertThat(store.transition(id, SUBMITTED, from)).isTrue();
                        }
                    }
                    if (from.canMoveTo(to)) {
                        assertThat(store.transition(id, from, to)).as(from + " -> " + to).isTrue();
                        assertThat(store.count(to)).isPositive();
                    } else {
                        assertThatThrownBy(() -> store.transition(id, from, to)).as(from + " -> " + to).isInstanceOf(IllegalStateException.class);
                        assertThat(store.withStatus(from, 1000)).extracting(UpdateStore.InboxRow::id).contains(id);
                    }
                    // Leave no pending row behind for the next pair.
                    for (UpdateStore.InboxRow r : store.withStatus(PENDING, 1000)) store.transition(r.id(), PENDING, DONE);
                }
            }
        }
    }
}
