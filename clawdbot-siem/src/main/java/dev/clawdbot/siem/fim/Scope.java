package dev.clawdbot.siem.fim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The watched roots and ignore globs. A root is a path watched recursively, or a directory plus a glob for the
 * names directly in it ({@code /etc/cron*}: whatever matches, recursively), or — for Clawdbot's config
 * directory — the files directly in a directory (its subdirectories hold data, not configuration).
 */
final class Scope {

    /** One root; {@code names} null for a plain path; {@code recursive} false for the config directory. */
    record Root(Path base, Glob names, boolean recursive) {
    }

    /** Clawdbot's own database and logs may live in the config directory; they change all the time. */
    static final List<String> OWN_FILES = List.of("*.db", "*.db-wal", "*.db-shm", "*.db-journal", "*.jsonl", "*.log", "*.lock");

    private final List<Root> roots = new ArrayList<>();
    private final List<Glob> ignore = new ArrayList<>();
    private final List<Glob> diff = new ArrayList<>();

    Scope(FimConfig config, Path configDir) {
        for (String p : config.paths()) {
            if (p.equals(FimConfig.CONFIG_DIR)) {
                if (configDir == null) continue;
                roots.add(new Root(configDir.toAbsolutePath().normalize(), Glob.compile("siem.fim.paths", "*"), false));
                for (String g : OWN_FILES) ignore.add(Glob.compile("siem.fim.ignore", configDir.toAbsolutePath().normalize() + "/" + g));
                continue;
            }
            Path path = Path.of(p).normalize();
            String last = path.getFileName() == null ? "" : path.getFileName().toString();
            if (Glob.hasWildcard(last)) roots.add(new Root(path.getParent(), Glob.compile("siem.fim.paths", last), true));
            else roots.add(new Root(path, null, true));
        }
        for (String g : config.ignore()) ignore.add(Glob.compile("siem.fim.ignore", g));
        for (String g : config.diff()) diff.add(Glob.compile("siem.fim.diff", g));
    }

    List<Root> roots() {
        return roots;
    }

    /** Whether {@code p} is watched: under a root, matched by its glob, not ignored. */
    boolean contains(Path p) {
        String s = p.toString();
        for (Glob g : ignore) if (g.matches(s)) return false;
        for (Root r : roots) if (within(r, p)) return true;
        return false;
    }

    static boolean within(Root r, Path p) {
        if (r.names() == null) return p.startsWith(r.base());
        if (!p.startsWith(r.base()) || p.getNameCount() <= r.base().getNameCount()) return false;
        if (!r.recursive() && p.getNameCount() != r.base().getNameCount() + 1) return false;
        return r.names().matches(p.getName(r.base().getNameCount()).toString());
    }

    /** Whether the directory {@code dir} should be watched and walked into. */
    boolean descend(Path dir) {
        for (Root r : roots) {
            if (r.names() == null ? dir.startsWith(r.base()) : r.recursive() && within(r, dir)) return contains(dir);
        }
        return false;
    }

    boolean diffs(Path p) {
        String s = p.toString();
        for (Glob g : diff) if (g.matches(s)) return true;
        return false;
    }
}
