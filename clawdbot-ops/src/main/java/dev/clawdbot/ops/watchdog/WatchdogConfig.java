package dev.clawdbot.ops.watchdog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ops.watchdog:} — the session watchdog (job {@code watchdog}).
 *
 * @param transcriptDirs directories of JSONL transcripts (OpenClaw, Claude Code) to check and repair; absolute
 * @param quietPeriod    a file modified more recently than this is left alone: it may still be written (default 2 min)
 * @param restart        argv run once after a round that repaired anything ({@code /usr/bin/systemctl restart openclaw}); absolute program path
 * @param restartTimeout the restart command is killed after this (default 1 min)
 * @param restartContainer a container (name or id) restarted through the Engine API after a round that repaired anything
 * @param checkStore     also check Clawdbot's own session store each round (default true; false turns {@code repairStore} off too)
 * @param repairStore    quarantine stored turns that will not replay (sessions idle for {@code quietPeriod}; default true)
 */
public record WatchdogConfig(List<Path> transcriptDirs, Duration quietPeriod, List<String> restart, Duration restartTimeout,
                             String restartContainer, Boolean checkStore, Boolean repairStore) {
    public WatchdogConfig(List<Path> transcriptDirs, Duration quietPeriod, List<String> restart, Duration restartTimeout) {
        this(transcriptDirs, quietPeriod, restart, restartTimeout, null, null, null);
    }

    public WatchdogConfig(List<Path> transcriptDirs, Duration quietPeriod, List<String> restart, Duration restartTimeout,
                          String restartContainer, Boolean checkStore) {
        this(transcriptDirs, quietPeriod, restart, restartTimeout, restartContainer, checkStore, null);
    }

    /** The creator Jackson must use: with the shorter constructor beside it, it could pick that one. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public WatchdogConfig {
        restartContainer = restartContainer == null || restartContainer.isBlank() ? null : restartContainer.strip();
        if (restartContainer != null && !restartContainer.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
            throw new IllegalArgumentException("ops.watchdog.restartContainer: a container name or id (letters, digits, _ . -), was " + restartContainer);
        }
        checkStore = checkStore == null || checkStore;
        repairStore = checkStore && (repairStore == null || repairStore);
        transcriptDirs = transcriptDirs == null ? List.of() : List.copyOf(transcriptDirs);
        for (Path p : transcriptDirs) {
            if (!p.isAbsolute()) throw new IllegalArgumentException("ops.watchdog.transcriptDirs: " + p + " is not an absolute path");
        }
        quietPeriod = quietPeriod == null ? Duration.ofMinutes(2) : quietPeriod;
        if (quietPeriod.toSeconds() < 1) throw new IllegalArgumentException("ops.watchdog.quietPeriod must be at least 1 s, was " + quietPeriod);
        restart = restart == null ? List.of() : List.copyOf(restart);
        if (!restart.isEmpty() && !restart.getFirst().startsWith("/")) {
            throw new IllegalArgumentException("ops.watchdog.restart: the program must be an absolute path, was " + restart.getFirst());
        }
        restartTimeout = restartTimeout == null ? Duration.ofMinutes(1) : restartTimeout;
        if (restartTimeout.toSeconds() < 1) throw new IllegalArgumentException("ops.watchdog.restartTimeout must be at least 1 s");
    }
}
