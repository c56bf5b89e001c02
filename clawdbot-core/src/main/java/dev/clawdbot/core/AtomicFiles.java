package dev.clawdbot.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Putting a finished temporary file in place, so that a reader sees the old content or the new, never half. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Moves {@code tmp} over {@code target}: atomically where the file system can, else (a file system without
     * atomic rename, such as some network mounts) a plain replacing move.
     */
    public static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
