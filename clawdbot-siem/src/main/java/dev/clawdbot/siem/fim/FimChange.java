package dev.clawdbot.siem.fim;

import dev.clawdbot.core.events.EventType;
import dev.clawdbot.siem.SiemEvents;

/** One difference between the baseline and the disk; {@code before} null when added, {@code after} null when deleted. */
record FimChange(Type type, FileState before, FileState after, String diff) {

    enum Type {
        ADDED("added", SiemEvents.SIEM_FIM_ADDED), MODIFIED("modified", SiemEvents.SIEM_FIM_MODIFIED),
        DELETED("deleted", SiemEvents.SIEM_FIM_DELETED), PERMISSIONS("permissions", SiemEvents.SIEM_FIM_PERMISSIONS),
        /** Only mtime or inode moved (a directory whose entries changed, a file rewritten with the same bytes): baseline only. */
        TOUCHED("touched", null);

        final String word;
        /** The event this change is reported as; null for TOUCHED, which is never reported. */
        final EventType event;

        Type(String word, EventType event) {
            this.word = word;
            this.event = event;
        }
    }

    String path() {
        return after != null ? after.path() : before.path();
    }

    static FimChange between(FileState before, FileState after) {
        if (before == null && after == null) return null;
        if (before == null) return new FimChange(Type.ADDED, null, after, null);
        if (after == null) return new FimChange(Type.DELETED, before, null, null);
        if (after.contentDiffers(before)) return new FimChange(Type.MODIFIED, before, after, null);
        if (after.attributesDiffer(before)) return new FimChange(Type.PERMISSIONS, before, after, null);
        if (after.mtimeMillis() != before.mtimeMillis() || after.inode() != before.inode()) return new FimChange(Type.TOUCHED, before, after, null);
        return null;
    }

    FimChange withDiff(String d) {
        return new FimChange(type, before, after, d);
    }
}
