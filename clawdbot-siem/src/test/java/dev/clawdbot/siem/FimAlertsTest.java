package dev.clawdbot.siem;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.fim.FimConfig;
import dev.clawdbot.siem.journal.JournalConfig;
import dev.clawdbot.siem.rules.Analysis;
import dev.clawdbot.siem.rules.Analyzer;
import dev.clawdbot.siem.rules.Ruleset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** FIM changes become SIEM alerts through the shipped rules 880840–880845. */
class FimAlertsTest {

    @TempDir
    Path dir;

    private SiemRole role;
    private Database db;

    @AfterEach
    void close() {
        if (role != null) role.close();
        if (db != null) db.close();
    }

    @Test
    void aChangedFileInTheConfigDirectoryIsAnAlert() throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path yaml = Files.writeString(config.resolve("clawdbot.yaml"), "siem:\n  enabled: true\n");
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        AlertStore store = new AlertStore(db);
        List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
        List<Event> events = new CopyOnWriteArrayList<>();
        FimConfig fim = new FimConfig(true, List.of(FimConfig.CONFIG_DIR), null, null, null, null, null, 100);
        SiemConfig c = new SiemConfig(true, List.of(), List.of(), 3, 10, 1000, 50, true, null, fim, new JournalConfig(false, null), null, null);
        role = new SiemRole(c, Ruleset.shipped(), store, notices::add, events::add, Clock.systemUTC(), "test-host", config);
        role.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> role.fim().scans() >= 1);
        Files.writeString(yaml, "siem:\n  enabled: false\n");
        // The database in the config directory (data dir = config dir) is not watched: it changes all the time.
        Files.writeString(config.resolve("other.db"), "x");
        await().atMost(Duration.ofSeconds(20)).until(() -> !store.query(Instant.EPOCH, 0, 10).isEmpty());
        AlertStore.StoredAlert a = store.query(Instant.EPOCH, 0, 10).getFirst();
        assertThat(a.ruleId()).isEqualTo(880841);
        assertThat(a.level()).isEqualTo(7);
        assertThat(a.description()).isEqualTo("File modified: " + yaml + " (sha256,size,mtime).");
        assertThat(a.json()).contains("\"location\":\"fim\"", "syscheck_entry_modified");
        assertThat(events).anyMatch(e -> e.type().equals("siem.fim.modified"));
        assertThat(events).noneMatch(e -> String.valueOf(e.fields().get("path")).endsWith(".db"));
        assertThat(store.query(Instant.EPOCH, 0, 10)).hasSize(1);
    }

    @Test
    void accessControlFilesAreLevelTenAndBurstsLevelEight() {
        Analyzer analyzer = new Analyzer(Ruleset.shipped(), Clock.systemUTC(), ZoneOffset.UTC);
        Analysis sudoers = analyzer.analyze(SiemRole.eventLine(new Event(Instant.now(), "siem.fim.modified", 7, "siem", Event.pairs("path", "/etc/sudoers.d/90-cloud", "changed", "sha256,size"))), "fim");
        assertThat(sudoers.ruleId()).isEqualTo(880845);
        assertThat(sudoers.level()).isEqualTo(10);
        Analysis keys = analyzer.analyze(SiemRole.eventLine(new Event(Instant.now(), "siem.fim.added", 5, "siem", Event.pairs("path", "/root/.ssh/authorized_keys"))), "fim");
        assertThat(keys.ruleId()).isEqualTo(880845);
        Analysis deleted = analyzer.analyze(SiemRole.eventLine(new Event(Instant.now(), "siem.fim.deleted", 7, "siem", Event.pairs("path", "/usr/local/bin/tool"))), "fim");
        assertThat(deleted.ruleId()).isEqualTo(880842);
        Analysis perms = analyzer.analyze(SiemRole.eventLine(new Event(Instant.now(), "siem.fim.permissions", 7, "siem", Event.pairs("path", "/usr/local/bin/tool", "mode", "4755", "modeBefore", "0755", "owner", "0:0", "ownerBefore", "0:0"))), "fim");
        assertThat(perms.ruleId()).isEqualTo(880843);
        assertThat(perms.description()).contains("mode 0755 to 4755");
        Analysis burst = analyzer.analyze(SiemRole.eventLine(new Event(Instant.now(), "siem.fim.burst", 8, "siem", Event.pairs("changes", 2000, "added", 2000, "modified", 0, "deleted", 0, "permissions", 0))), "fim");
        assertThat(burst.ruleId()).isEqualTo(880844);
        assertThat(burst.level()).isEqualTo(8);
        assertThat(burst.description()).startsWith("2000 watched files changed at once");
    }
}
