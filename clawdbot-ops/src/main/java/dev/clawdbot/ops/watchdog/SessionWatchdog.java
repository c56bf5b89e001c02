package dev.clawdbot.ops.watchdog;

import dev.clawdbot.agent.doctor.TranscriptDefect;
import dev.clawdbot.agent.doctor.Report;
import dev.clawdbot.agent.doctor.SessionDoctor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.ops.OpsEvents;
import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.checks.CommandRunner;
import dev.clawdbot.ops.engine.Engine;
import dev.clawdbot.ops.scheduler.Job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code watchdog} job: runs the session doctor with repair over each configured transcript directory (it backs
 * a file up before changing it and leaves alone one modified within the quiet period or locked), then, when
 * anything was repaired, runs the configured restart command once for the round. Each repaired file is an event
 * {@code ops.watchdog.repaired} and an operator notice; the restart (a command, or a container through the Engine
 * API) is an event {@code ops.watchdog.restart}. Each round also repairs Clawdbot's own session store (stored turns
 * that will not replay are copied to the quarantine table and removed, in sessions idle for the quiet period; one
 * {@code ops.watchdog.repaired} per session, {@code file} {@code db:<key>#<id>}, and the same restart), then checks
 * it; problems left there (active sessions) are an event {@code ops.watchdog.store_damaged} and a notice.
 */
public final class SessionWatchdog implements Job {
    private final List<Path> dirs;
    private final SessionDoctor doctor;
    private final List<String> restart;
    private final CommandRunner runner;
    private final OperatorNotifier notifier;
    private final EventSink events;
    private final Clock clock;
    private final Database db;
    private final Engine engine;
    private final String restartContainer;
    private final boolean repairStore;
    /** The store problems last reported, so a lasting problem is told once, not every 5 minutes. */
    private Set<String> storeProblems = Set.of();

    public SessionWatchdog(WatchdogConfig config, OperatorNotifier notifier, EventSink events, Clock clock) {
        this(config, null, null, notifier, events, clock);
    }

    /**
     * @param db     Clawdbot's database, whose session store is checked when {@code checkStore}; null: not checked
     * @param engine the container engine that restarts {@code restartContainer}; null: no container restart
     */
    public SessionWatchdog(WatchdogConfig config, Database db, Engine engine, OperatorNotifier notifier, EventSink events, Clock clock) {
        this.db = config.checkStore() ? db : null;
        this.engine = engine;
        this.restartContainer = config.restartContainer();
        this.repairStore = config.repairStore();
        this.dirs = config.transcriptDirs();
        this.doctor = new SessionDoctor(clock, config.quietPeriod());
        this.restart = config.restart();
        this.runner = restart.isEmpty() ? null : new CommandRunner(List.of(restart), config.restartTimeout(), a -> { });
        this.notifier = notifier;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<String> run(Instant scheduledFor) throws IOException, InterruptedException {
        List<String> findings = new ArrayList<>();
        int repaired = 0;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                findings.add("WARNING " + dir + ": not a directory; skipped");
                continue;
            }
            for (Path file : transcripts(dir)) {
                Report r = doctor.checkPath(file, true);
                if (r.actions().isEmpty()) continue;
                repaired++;
                findings.addAll(r.actions());
                reportRepair(file.toString(), file.getFileName().toString(), r);
            }
        }
        if (db != null && repairStore) {
            for (var e : doctor.repairStore(new SessionStore(db, clock)).entrySet()) {
                repaired++;
                findings.addAll(e.getValue().actions());
                reportRepair(e.getKey(), e.getKey(), e.getValue());
            }
        }
        if (repaired > 0 && runner != null) findings.add(restart(repaired));
        if (repaired > 0 && restartContainer != null && engine != null) findings.add(restartContainer(repaired));
        if (db != null) findings.addAll(checkStore());
        return findings;
    }

    /** The session store: turns that would not replay to a model and were not repaired (their session is active). */
    private List<String> checkStore() {
        Report r = doctor.checkStore(new SessionStore(db, clock));
        List<String> lines = r.findings().stream().map(f -> "WARNING " + f).toList();
        Set<String> now = Set.copyOf(lines);
        if (!now.isEmpty() && !now.equals(storeProblems)) {
            Instant at = clock.instant();
            events.emit(Event.of(at, OpsEvents.OPS_WATCHDOG_STORE_DAMAGED, "ops", "problems", lines.size(),
                    "first", lines.getFirst()));
            notifier.notify(new OperatorNotice("ops.watchdog", "ops.watchdog:store:" + now.hashCode(), 10,
                    "Session watchdog: " + lines.size() + " problem(s) in the session store",
                    String.join("\n", lines.stream().limit(50).toList()) + "\n\nCheck with: clawdbot sessions doctor", at));
        }
        storeProblems = now;
        return lines;
    }

    /** {@code POST /containers/{name}/restart} once for the round; a failure is an event and a notice, not an exception. */
    private String restartContainer(int repaired) {
        String error = null;
        try {
            engine.restart(restartContainer);
        } catch (IOException e) {
            error = e.getMessage();
        }
        int level = error == null ? 7 : 10;
        events.emit(Event.of(clock.instant(), OpsEvents.OPS_WATCHDOG_RESTART, level, "ops", "container", restartContainer,
                "exitCode", error == null ? 0 : 1, "repairedFiles", repaired));
        if (error != null) {
            notifier.notify(new OperatorNotice("ops.watchdog", null, level, "Session watchdog: restarting container " + restartContainer + " failed",
                    error, clock.instant()));
            return "WARNING restart of container " + restartContainer + " failed: " + error;
        }
        return "restarted container: " + restartContainer;
    }

    private static List<Path> transcripts(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private void reportRepair(String file, String name, Report r) {
        // Lost or merged records, and quarantined stored turns, are data damage (level 10); a cut tail or an
        // unanswered tool call is routine after a crash (7).
        boolean damage = r.findings().stream().anyMatch(f -> f.kind() == TranscriptDefect.Kind.INVALID_RECORD
                || f.kind() == TranscriptDefect.Kind.NUL_BYTES || f.kind() == TranscriptDefect.Kind.MERGED_RECORDS
                || f.kind() == TranscriptDefect.Kind.INVALID_TURN);
        int level = damage ? 10 : 7;
        List<String> kinds = r.findings().stream().map(f -> f.kind().name().toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        Instant now = clock.instant();
        events.emit(Event.of(now, OpsEvents.OPS_WATCHDOG_REPAIRED, level, "ops", "file", file, "problems", String.join(",", kinds),
                "actions", String.join("\n", r.actions())));
        StringBuilder body = new StringBuilder("The session watchdog repaired ").append(file).append(".\n\nFound:\n");
        r.findings().forEach(f -> body.append("- ").append(f).append('\n'));
        body.append("\nDone:\n");
        r.actions().forEach(a -> body.append("- ").append(a).append('\n'));
        notifier.notify(new OperatorNotice("ops.watchdog", "ops.watchdog:" + file + ":" + now, level,
                "Session watchdog repaired " + name, body.toString(), now));
    }

    private String restart(int repaired) throws IOException, InterruptedException {
        CommandRunner.Result res = runner.run(restart);
        int level = res.exitCode() == 0 ? 7 : 10;
        events.emit(Event.of(clock.instant(), OpsEvents.OPS_WATCHDOG_RESTART, level, "ops", "argv", String.join(" ", restart),
                "exitCode", res.exitCode(), "repairedFiles", repaired));
        if (res.exitCode() != 0) {
            notifier.notify(new OperatorNotice("ops.watchdog", null, level, "Session watchdog: restart command failed (exit " + res.exitCode() + ")",
                    String.join(" ", restart) + "\n\n" + res.stderr(), clock.instant()));
        }
        return (res.exitCode() == 0 ? "restarted: " : "WARNING restart failed (exit " + res.exitCode() + "): ") + String.join(" ", restart);
    }
}
