package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The channels migrations and SQL on PostgreSQL (the other tests use SQLite). */
class StoragePortabilityTest {
    static Database db;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(SharedPostgres.freshDatabase("channels", 2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) db.close();
    }

    JsonNode update(long id) throws Exception {
        return JSON.readTree("{\"update_id\":" + id + ",\"message\":{\"message_id\":1,\"text\":\"x\"}}");
    }

    @Test
    void inboxAndOffsetCommitTogetherAndRejectDuplicates() throws Exception {
        UpdateStore store = new UpdateStore(db, Clock.systemUTC(), "botpg");
        assertThatThrownBy(() -> store.accept(List.of(update(5)), () -> {
            throw new SQLException("crash before commit");
        }));
        assertThat(store.nextOffset()).isZero();
        assertThat(store.accept(List.of(update(5), update(6)))).isEqualTo(2);
        assertThat(store.accept(List.of(update(6)))).isZero();
        assertThat(store.nextOffset()).isEqualTo(7);
        store.accept(List.of(update(3)));
        assertThat(store.nextOffset()).isEqualTo(7);
        var pending = store.withStatus(InboxStatus.PENDING, 10);
        assertThat(pending).extracting(UpdateStore.InboxRow::updateId).containsExactly(3L, 5L, 6L);
        assertThat(store.transition(pending.get(0).id(), InboxStatus.PENDING, InboxStatus.SUBMITTED)).isTrue();
        assertThat(store.transition(pending.get(0).id(), InboxStatus.PENDING, InboxStatus.SUBMITTED)).isFalse();
        assertThat(store.transition(pending.get(1).id(), InboxStatus.PENDING, InboxStatus.REJECTED)).isTrue();
        assertThat(store.prune(java.time.Instant.now().plusSeconds(5))).isEqualTo(1);
        assertThat(store.withStatus(InboxStatus.PENDING, 10)).extracting(UpdateStore.InboxRow::updateId).containsExactly(6L);
        assertThat(store.withStatus(InboxStatus.SUBMITTED, 10)).extracting(UpdateStore.InboxRow::updateId).containsExactly(3L);
        assertThat(store.nextOffset()).isEqualTo(7);
    }

    @Test
    void resubmissionIsBoundedOnPostgres() throws Exception {
        UpdateStore store = new UpdateStore(db, Clock.systemUTC(), "botpg-resubmit");
        store.accept(List.of(update(1)));
        long id = store.withStatus(InboxStatus.PENDING, 1).get(0).id();
        for (int i = 0; i < 2; i++) {
            assertThat(store.transition(id, InboxStatus.PENDING, InboxStatus.SUBMITTED)).isTrue();
            assertThat(store.resubmit(id, 2)).isTrue();
        }
        assertThat(store.transition(id, InboxStatus.PENDING, InboxStatus.SUBMITTED)).isTrue();
        assertThat(store.resubmit(id, 2)).isFalse();
        assertThat(store.count(InboxStatus.SUBMITTED)).isEqualTo(1);
    }

    @Test
    void pairingWorksOnPostgres() {
        PairingStore p = new PairingStore(db, Clock.systemUTC());
        String code = p.request("botpg", 9, 9, "n").orElseThrow();
        assertThat(p.approve(code)).isInstanceOf(PairingStore.Approval.Approved.class);
        assertThat(p.approve(code)).isInstanceOf(PairingStore.Approval.Unknown.class);
        assertThat(p.approvedUsers("botpg")).containsExactly(9L);
    }
}
