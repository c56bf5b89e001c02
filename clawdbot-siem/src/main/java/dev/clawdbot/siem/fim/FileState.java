package dev.clawdbot.siem.fim;

import java.util.ArrayList;
import java.util.List;

/**
 * What the baseline holds for one path: its kind, SHA-256 (of the content for a file, of the target's name for a
 * symbolic link, none for a directory), size, permission bits, owner ({@code uid:gid}), mtime and inode.
 */
public record FileState(String path, Kind kind, String sha256, long size, int mode, String owner, long mtimeMillis, long inode) {

    public enum Kind { FILE, DIRECTORY, LINK, OTHER }

    /** Content changed (file or link target). */
    boolean contentDiffers(FileState o) {
        return kind != o.kind || size != o.size || !java.util.Objects.equals(sha256, o.sha256);
    }

    /** Permission bits or owner changed. */
    boolean attributesDiffer(FileState o) {
        return mode != o.mode || !owner.equals(o.owner);
    }

    /** The attributes that differ from {@code before}, for the event ({@code sha256,size,mode,owner,mtime,inode}). */
    List<String> changedAttributes(FileState before) {
        List<String> out = new ArrayList<>();
        if (kind != before.kind) out.add("kind");
        if (!java.util.Objects.equals(sha256, before.sha256)) out.add("sha256");
        if (size != before.size) out.add("size");
        if (mode != before.mode) out.add("mode");
        if (!owner.equals(before.owner)) out.add("owner");
        if (mtimeMillis != before.mtimeMillis) out.add("mtime");
        if (inode != before.inode) out.add("inode");
        return out;
    }

    String modeOctal() {
        return String.format("%04o", mode & 07777);
    }
}
