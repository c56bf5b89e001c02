package dev.clawdbot.ops.watchdog;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watchdog over real transcript files, the real session doctor and a real restart command. */
class SessionWatchdogTest {
    @TempDir
    Path dir;

    static final String GOOD = "{\"type\":\"user\",\"uuid\":\"u1\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n"
            + "{\"type\":\"assistant\",\"uuid\":\"a1\",\"message\":{\"role\":\"assistant\",\"content\":\"hello\"}}\n";
    static final String TORN = "{\"type\":\"user\",\"uuid\":\"u2\",\"mess";

    final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();

    private Path write(Path file, String text, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private SessionWatchdog watchdog(Path transcripts, Path hookLog, Clock clock) {
        WatchdogConfig config = new WatchdogConfig(List.of(transcripts), Duration.ofSeconds(60),
                List.of("/bin/sh", "-c", "echo restarted >> '" + hookLog + "'"), Duration.ofSeconds(30));
        return new SessionWatchdog(config, notices::add, events::add, clock);
    }

    @Test
    void corruptedTranscriptsAreBackedUpAndRepairedAndTheHookRunsOncePerRound() throws Exception {
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);
        Path transcripts = dir.resolve("projects");
        Path hookLog = dir.resolve("hook.log");
        Path healthy = write(transcripts.resolve("a/healthy.jsonl"), GOOD, now.minusSeconds(3600));
        SessionWatchdog wd = watchdog(transcripts, hookLog, clock);

        assertThat(wd.run(now)).isEmpty();
        assertThat(hookLog).doesNotExist();

        // Two files torn by a crash an hour ago, and one torn file still being written (modified 5 s ago).
        Path torn1 = write(transcripts.resolve("a/s1.jsonl"), GOOD + TORN, now.minusSeconds(3600));
        Path torn2 = write(transcripts.resolve("b/s2.jsonl"), GOOD + "\0\0\0\0" + GOOD, now.minusSeconds(600));
        Path active = write(transcripts.resolve("b/live.jsonl"), GOOD + TORN, now.minusSeconds(5));

        List<String> findings = wd.run(now);
        assertThat(Files.readString(torn1)).isEqualTo(GOOD);
        assertThat(Files.readString(torn2)).isEqualTo(GOOD + GOOD);
        assertThat(Files.readString(active)).isEqualTo(GOOD + TORN);
        assertThat(Files.readString(healthy)).isEqualTo(GOOD);
        assertThat(backups(torn1)).singleElement().satisfies(b -> assertThat(Files.readString(b)).isEqualTo(GOOD + TORN));
        assertThat(backups(torn2)).hasSize(1);
        assertThat(backups(active)).isEmpty();
        assertThat(Files.readAllLines(hookLog)).containsExactly("restarted");
        assertThat(findings).last().asString().startsWith("restarted: /bin/sh -c");

        assertThat(events).extracting(Event::type).containsExactly("ops.watchdog.repaired", "ops.watchdog.repaired", "ops.watchdog.restart");
        assertThat(events.get(0).fields()).containsEntry("file", torn1.toString()).containsEntry("problems", "torn_tail");
        assertThat(events.get(0).level()).isEqualTo(7);
        assertThat(events.get(1).level()).isEqualTo(10); // NUL bytes: data damage
        assertThat(events.get(2).fields()).containsEntry("exitCode", 0);
        assertThat(notices).hasSize(2).allSatisfy(n -> assertThat(n.source()).isEqualTo("ops.watchdog"));
        assertThat(notices.get(0).subject()).isEqualTo("Session watchdog repaired s1.jsonl");
        assertThat(notices.get(0).body()).contains("torn tail", "backed up to");

        // The next round has nothing to repair: no restart.
        assertThat(wd.run(now)).isEmpty();
        assertThat(Files.readAllLines(hookLog)).hasSize(1);
    }

    @Test
    void aFailingRestartIsAWarningAndANotice() throws Exception {
        Instant now = Instant.now();
        Path transcripts = dir.resolve("t");
        write(transcripts.resolve("s.jsonl"), GOOD + TORN, now.minusSeconds(3600));
        WatchdogConfig config = new WatchdogConfig(List.of(transcripts), null, List.of("/bin/false"), null);
        List<String> findings = new SessionWatchdog(config, notices::add, events::add, Clock.fixed(now, java.time.ZoneOffset.UTC)).run(now);
        assertThat(findings).last().isEqualTo("WARNING restart failed (exit 1): /bin/false");
        assertThat(notices).extracting(OperatorNotice::subject).contains("Session watchdog: restart command failed (exit 1)");
        assertThat(events.getLast().level()).isEqualTo(10);
    }

    @Test
    void configRefusesRelativeDirectoriesAndRelativePrograms() {
        assertThatThrownBy(() -> new WatchdogConfig(List.of(Path.of("sessions")), null, null, null))
                .hasMessageContaining("ops.watchdog.transcriptDirs: sessions is not an absolute path");
        assertThatThrownBy(() -> new WatchdogConfig(List.of(), null, List.of("systemctl", "restart", "x"), null))
                .hasMessageContaining("ops.watchdog.restart: the program must be an absolute path");
    }

    private static List<Path> backups(Path file) throws Exception {
        try (Stream<Path> s = Files.list(file.getParent())) {
            String name = file.getFileName().toString();
            return s.filter(p -> p.getFileName().toString().startsWith(name) && !p.equals(file)
                    && !p.getFileName().toString().endsWith(".quarantine")).toList();
        }
    }
}
