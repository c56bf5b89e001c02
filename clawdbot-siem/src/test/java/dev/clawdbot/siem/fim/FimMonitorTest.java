package dev.clawdbot.siem.fim;

import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** File integrity monitoring on a real directory tree with real inotify, a real SQLite baseline. */
class FimMonitorTest {

    @TempDir
    Path tmp;

    private Path root;
    private Database db;
    private FimMonitor monitor;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final SecretRedactor redactor = new SecretRedactor();

    @BeforeEach
    void open() throws IOException {
        root = Files.createDirectories(tmp.resolve("etc"));
        db = Database.sqlite(tmp.resolve("clawdbot.db"));
        redactor.register("hunter2-very-secret");
    }

    @AfterEach
    void close() {
        if (monitor != null) monitor.close();
        db.close();
    }

    private FimMonitor start(List<String> paths) {
        return start(paths, 100);
    }

    private FimMonitor start(List<String> paths, int quietMillis) {
        FimConfig c = new FimConfig(true, paths, List.of("*.swp", root + "/ignored"), List.of("**/*.conf"), 60, 50, 100_000, quietMillis);
        monitor = new FimMonitor(c, null, new FimStore(db), redactor, Clock.systemUTC(), events::add);
        monitor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> monitor.scans() >= 1);
        return monitor;
    }

    private List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    private Event awaitOne(String type, Path p) {
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.type().equals(type) && p.toString().equals(e.fields().get("path"))));
        return events.stream().filter(e -> e.type().equals(type) && p.toString().equals(e.fields().get("path"))).findFirst().orElseThrow();
    }

    @Test
    void changesWhileRunningAreReportedWithLevelsHashesAndRedactedDiffs() throws IOException {
        Path conf = Files.writeString(root.resolve("app.conf"), "a=1\nb=2\nc=3\n");
        Files.writeString(root.resolve("bin"), "#!/bin/sh\n");
        start(List.of(root.toString()));
        assertThat(ofType("siem.fim.baseline")).singleElement().satisfies(e -> assertThat(e.fields()).containsEntry("paths", 3));

        Path added = Files.writeString(root.resolve("new.sh"), "echo hi\n");
        Event a = awaitOne("siem.fim.added", added);
        assertThat(a.level()).isEqualTo(5);
        assertThat(a.fields()).containsEntry("size", 8L).containsEntry("kind", "file");
        assertThat(a.fields().get("sha256")).isEqualTo(new Sha256().bytes("echo hi\n".getBytes()));

        Files.writeString(conf, "a=1\nb=hunter2-very-secret\nc=3\n");
        Event m = awaitOne("siem.fim.modified", conf);
        assertThat(m.level()).isEqualTo(7);
        assertThat((String) m.fields().get("changed")).contains("sha256", "size");
        assertThat((String) m.fields().get("diff")).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -1,3 +1,3 @@\n a=1\n-b=2\n+b=***\n c=3\n")
                .doesNotContain("hunter2");

        Files.setPosixFilePermissions(added, PosixFilePermissions.fromString("rwxrwxrwx"));
        Event p = awaitOne("siem.fim.permissions", added);
        assertThat(p.fields()).containsEntry("mode", "0777").containsEntry("changed", "mode");

        Files.delete(added);
        assertThat(awaitOne("siem.fim.deleted", added).level()).isEqualTo(7);

        Files.writeString(root.resolve("x.swp"), "vim");
        Files.createDirectories(root.resolve("ignored/deep"));
        Files.writeString(root.resolve("ignored/deep/f"), "x");
        Path last = Files.writeString(root.resolve("last"), "x");
        awaitOne("siem.fim.added", last);
        assertThat(events).noneMatch(e -> String.valueOf(e.fields().get("path")).contains("swp") || String.valueOf(e.fields().get("path")).contains("ignored"));
    }

    @Test
    void symbolicLinksAreRecordedNeverFollowedOutOfTheTree() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not watched");
        start(List.of(root.toString()));
        Path link = Files.createSymbolicLink(root.resolve("escape"), outside);
        Event a = awaitOne("siem.fim.added", link);
        assertThat(a.fields()).containsEntry("kind", "link").containsEntry("sha256", new Sha256().bytes(outside.toString().getBytes()));
        Files.writeString(outside.resolve("secret"), "changed outside");
        Path marker = Files.writeString(root.resolve("marker"), "m");
        awaitOne("siem.fim.added", marker);
        assertThat(events).noneMatch(e -> String.valueOf(e.fields().get("path")).contains("secret"));
    }

    @Test
    void rotationAndAtomicReplaceAreSeenAsWhatTheyAre() throws IOException {
        Path conf = Files.writeString(root.resolve("svc.conf"), "v1\n");
        start(List.of(root.toString()));
        // logrotate style: the file is renamed away, a new one created at the path.
        Files.move(conf, root.resolve("svc.conf.1"));
        Files.writeString(conf, "v2\n");
        Event m = awaitOne("siem.fim.modified", conf);
        assertThat((String) m.fields().get("changed")).contains("sha256", "inode");
        assertThat((String) m.fields().get("diff")).contains("-v1", "+v2");
        awaitOne("siem.fim.added", root.resolve("svc.conf.1"));
        // An editor's atomic save of the same bytes: new inode, same content, nothing to report.
        int before = events.size();
        Path tmpFile = Files.writeString(root.resolve("svc.conf.tmp"), "v2\n");
        Files.move(tmpFile, conf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path marker = Files.writeString(root.resolve("marker"), "m");
        awaitOne("siem.fim.added", marker);
        assertThat(events.subList(before, events.size())).noneMatch(e -> conf.toString().equals(e.fields().get("path")));
    }

    @Test
    void changesWhileStoppedAreReportedAtTheNextStart() throws IOException {
        Path f = Files.writeString(root.resolve("a"), "1");
        start(List.of(root.toString()));
        monitor.close();
        Files.writeString(f, "22");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/b"), "b");
        events.clear();
        start(List.of(root.toString()));
        assertThat(ofType("siem.fim.baseline")).isEmpty();
        assertThat(ofType("siem.fim.modified")).extracting(e -> e.fields().get("path")).containsExactly(f.toString());
        assertThat(ofType("siem.fim.added")).extracting(e -> e.fields().get("path")).containsExactlyInAnyOrder(root.resolve("sub").toString(), root.resolve("sub/b").toString());
        assertThat(new FimStore(db).changes(Instant.EPOCH, 100)).extracting(FimStore.ChangeRow::change).containsExactlyInAnyOrder("modified", "added", "added");
        // A new directory is watched: a file created in it later is seen in real time.
        Path later = Files.writeString(root.resolve("sub/c"), "c");
        awaitOne("siem.fim.added", later);
    }

    @Test
    void aBurstOfTwoThousandFilesIsOneSummaryAfterAnOverflowRescan() throws IOException {
        // The default quiet period (1 s): a package manager writing 2,000 files does not pause that long.
        Path pkg = Files.createDirectories(root.resolve("pkg"));
        start(List.of(root.toString()), 1000);
        for (int i = 0; i < 2000; i++) Files.writeString(pkg.resolve("f" + i), "content " + i);
        await().atMost(Duration.ofSeconds(60)).until(() -> !ofType("siem.fim.burst").isEmpty());
        Event b = ofType("siem.fim.burst").getFirst();
        assertThat(b.level()).isEqualTo(8);
        // Every file once as added; a file caught between its creation and its write is also counted as modified.
        assertThat(b.fields()).containsEntry("added", 2000).containsEntry("deleted", 0);
        assertThat((Integer) b.fields().get("changes")).isEqualTo(2000 + (Integer) b.fields().get("modified"));
        assertThat((String) b.fields().get("sample")).startsWith("added " + root);
        assertThat(ofType("siem.fim.added")).isEmpty();
        assertThat(new FimStore(db).changes(Instant.EPOCH, 10_000)).hasSize((Integer) b.fields().get("changes"));
        assertThat(monitor.overflows()).isPositive();
        assertThat(monitor.scans()).isGreaterThanOrEqualTo(2);
        // More than 1,024 paths waiting (or Java's 512 events per directory) is an overflow: a rescan, not 2,000 checks.
        // After the rescan real-time detection still works, in the new directory too.
        Path after = Files.writeString(pkg.resolve("after"), "x");
        awaitOne("siem.fim.added", after);
    }

    @Test
    void globRootsWatchOnlyMatchingNames() throws IOException {
        Files.writeString(root.resolve("crontab"), "x");
        Files.createDirectories(root.resolve("cron.d"));
        Files.writeString(root.resolve("other"), "x");
        start(List.of(root + "/cron*"));
        assertThat(ofType("siem.fim.baseline")).singleElement().satisfies(e -> assertThat(e.fields()).containsEntry("paths", 2));
        Files.writeString(root.resolve("other"), "changed");
        Path job = Files.writeString(root.resolve("cron.d/job"), "* * * * * root true\n");
        awaitOne("siem.fim.added", job);
        assertThat(events).noneMatch(e -> root.resolve("other").toString().equals(e.fields().get("path")));
    }
}
