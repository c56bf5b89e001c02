package dev.clawdbot.guard.scan;

import dev.clawdbot.guard.text.TextView;

/** One detector. Implementations are immutable and thread-safe; they may throw, and the guard applies the failure mode. */
public interface Scanner {

    /** Stable name used in verdicts, events and configuration. */
    String name();

    ScanScore scan(TextView view);

    /** Scans for the given analysis; scanners that ask the same question of every text ignore it. */
    default ScanScore scan(TextView view, Analysis analysis) {
        return scan(view);
    }
}
