package dev.clawdbot.siem.fim;

/** One difference between the baseline and the disk; {@code before} null when added, {@code after} null when deleted. */
record FimChange(Type type, FileState before, FileState after, String diff) {

    enum Type {
        ADDED("added", 5), MODIFIED("modified", 7), DELETED("deleted", 7), PERMISSIONS("permissions", 7),
        /** Only mtime or inode moved (a directory whose entries changed, a file rewritten with the same bytes): baseline only. */
        TOUCHED("touched", 0);

        final String word;
        final int level;

        Type(String word, int level) {
            this.word = word;
            this.level = level;
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
