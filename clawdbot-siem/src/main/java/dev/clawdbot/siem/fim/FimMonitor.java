package dev.clawdbot.siem.fim;

import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.siem.SiemEvents;
import dev.clawdbot.core.role.RoleThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * File integrity monitoring on one thread: a full scan at start (the first one, with an empty baseline, only
 * records it), inotify through {@link WatchService} for the watched directories, a full rescan when the watch
 * overflows (the kernel's queue, Java's 512 events per directory, or more than {@link #MAX_DIRTY} changed paths
 * waiting) and every {@code scanMinutes}. Changed paths wait until {@code quietMillis} pass without a change (at
 * most {@link #MAX_DELAY_MS}), then are compared with the baseline; a batch of more than {@code burstThreshold}
 * changes is reported as one {@code siem.fim.burst} event. Events go to {@code report}.
 */
public final class FimMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FimMonitor.class);
    static final int MAX_DIRTY = 1024;
    static final long MAX_DELAY_MS = 30_000;
    /** Diffs are kept for text files up to 64 KiB; the stored copy is what the next diff compares with. */
    static final int MAX_DIFF_BYTES = 64 * 1024;
    private static final int SAMPLE = 10;
    static final long MAX_BURST_MS = 300_000;

    private final FimConfig config;
    private final Scope scope;
    private final FimScanner scanner;
    private final FimStore store;
    private final SecretRedactor redactor;
    private final Clock clock;
    private final Consumer<Event> report;
    private final Set<Path> dirty = new LinkedHashSet<>();
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private final AtomicLong scans = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private Map<String, FileState> baseline;
    private WatchService watcher;
    private boolean rescan;
    private boolean limitReported;
    private Burst burst;
    private long nextScan;
    private long firstChangeNanos;
    private long lastChangeNanos;
    private volatile boolean running;
    private Thread thread;

    public FimMonitor(FimConfig config, Path configDir, FimStore store, SecretRedactor redactor, Clock clock, Consumer<Event> report) {
        this.config = config;
        this.scope = new Scope(config, configDir);
        this.scanner = new FimScanner(scope, config.maxFiles(), () -> running);
        this.store = store;
        this.redactor = redactor;
        this.clock = clock;
        this.report = report;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        thread = Thread.ofPlatform().daemon().name("siem-fim").start(this::run);
    }

    /** Full scans done (the first, the scheduled ones and the rescans after an overflow). */
    public long scans() {
        return scans.get();
    }

    /** Overflows seen (each caused a rescan). */
    public long overflows() {
        return overflows.get();
    }

    /** Batches of real-time changes examined. */
    public long batches() {
        return batches.get();
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        try {
            baseline = store.load();
            boolean first = baseline.isEmpty();
            try {
                watcher = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warn("siem fim: no real-time watch ({}); changes are found by the scan every {} min", e.toString(), config.scanMinutes());
            }
            fullScan(first);
            nextScan = System.nanoTime() + TimeUnit.MINUTES.toNanos(config.scanMinutes());
            while (running) {
                try {
                    step();
                } catch (ClosedWatchServiceException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A database or file system error in one pass: logged, the next pass tries again.
                    LOG.warn("siem fim: {}", e.toString());
                    sleep(1000);
                }
            }
            reportBurst();
        } catch (ClosedWatchServiceException e) {
            // Closed by close().
        } catch (RuntimeException e) {
            LOG.error("siem fim: stopped: {}", e.toString(), e);
        }
    }

    /** One turn of the loop: take watch events, examine a quiet batch, close a burst, run a due full scan. */
    private void step() {
        drain();
        long now = System.nanoTime();
        if ((rescan || !dirty.isEmpty()) && (now - lastChangeNanos >= TimeUnit.MILLISECONDS.toNanos(config.quietMillis())
                || now - firstChangeNanos >= TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MS))) {
            if (rescan) fullScan(false);
            else checkDirty();
        }
        if (burstDone(System.nanoTime())) reportBurst();
        if (now - nextScan >= 0) {
            nextScan = now + TimeUnit.MINUTES.toNanos(config.scanMinutes());
            fullScan(false);
        }
    }

    /** Waits up to 100 ms for watch events and takes all that are queued. */
    private void drain() {
        if (watcher == null) {
            sleep(100);
            return;
        }
        WatchKey key;
        try {
            key = watcher.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return;
        }
        while (key != null) {
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> ev : key.pollEvents()) {
                if (ev.kind() == StandardWatchEventKinds.OVERFLOW) overflow();
                else changed(dir.resolve((Path) ev.context()));
            }
            if (!key.reset()) watched.remove(dir);
            key = watcher.poll();
        }
    }

    private void changed(Path p) {
        if (!scope.contains(p)) return;
        if (dirty.size() >= MAX_DIRTY) {
            overflow();
            return;
        }
        mark();
        if (!rescan) dirty.add(p);
    }

    private void overflow() {
        if (!rescan) overflows.incrementAndGet();
        rescan = true;
        dirty.clear();
        mark();
    }

    private void mark() {
        long now = System.nanoTime();
        if (firstChangeNanos == 0) firstChangeNanos = now;
        lastChangeNanos = now;
    }

    private void watch(Path dir) {
        if (watcher == null || watched.containsKey(dir)) return;
        try {
            watched.put(dir, dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (IOException e) {
            // Typically fs.inotify.max_user_watches: the scheduled scan still covers the directory.
            LOG.warn("siem fim: cannot watch {}: {}", dir, e.toString());
        }
    }

    private void fullScan(boolean first) {
        rescan = false;
        dirty.clear();
        firstChangeNanos = 0;
        Map<String, FileState> found = new HashMap<>();
        scanner.scanAll(found, this::watch);
        // A walk cut short by close() found only part of the tree: applying it would report the rest as deleted.
        if (!running) return;
        for (Scope.Root r : scope.roots()) {
            Path parent = r.base().getParent();
            if (r.names() == null && parent != null && !Files.isDirectory(r.base(), LinkOption.NOFOLLOW_LINKS)
                    && Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                watch(parent);
            }
        }
        List<FimChange> changes = new ArrayList<>();
        for (FileState s : found.values()) add(changes, FimChange.between(baseline.get(s.path()), s));
        for (FileState old : baseline.values()) if (!found.containsKey(old.path())) changes.add(FimChange.between(old, null));
        scans.incrementAndGet();
        apply(changes, first);
    }

    private void checkDirty() {
        List<Path> paths = new ArrayList<>(dirty);
        dirty.clear();
        firstChangeNanos = 0;
        batches.incrementAndGet();
        List<FimChange> changes = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Path p : paths) {
            if (!running) return;
            if (!seen.add(p.toString())) continue;
            FileState now;
            try {
                now = scanner.state(p);
            } catch (IOException e) {
                LOG.warn("siem fim: reading {}: {}", p, e.toString());
                continue;
            }
            FileState old = baseline.get(p.toString());
            if (now != null && now.kind() == FileState.Kind.DIRECTORY) {
                Map<String, FileState> under = new HashMap<>();
                scanner.walk(p, under, this::watch);
                // Cut short by close(): the next start's full scan compares the whole tree with the stored baseline.
                if (!running) return;
                for (FileState s : under.values()) if (seen.add(s.path()) || s.path().equals(p.toString())) add(changes, FimChange.between(baseline.get(s.path()), s));
                String prefix = p + "/";
                for (FileState b : baseline.values()) if (b.path().startsWith(prefix) && !under.containsKey(b.path())) changes.add(FimChange.between(b, null));
            } else {
                add(changes, FimChange.between(old, now));
                if (old != null && old.kind() == FileState.Kind.DIRECTORY) {
                    String prefix = p + "/";
                    for (FileState b : baseline.values()) if (b.path().startsWith(prefix)) changes.add(FimChange.between(b, null));
                }
            }
        }
        apply(changes, false);
    }

    private static void add(List<FimChange> changes, FimChange c) {
        if (c != null) changes.add(c);
    }

    /** Updates the baseline (memory and database) and reports what changed. */
    private void apply(List<FimChange> changes, boolean first) {
        List<FileState> upserts = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Map<String, String> contents = new HashMap<>();
        List<FimChange> reported = new ArrayList<>();
        boolean limit = scanner.takeLimitHit();
        Set<String> done = new java.util.HashSet<>();
        for (FimChange c : changes) {
            if (!done.add(c.path())) continue;
            if (c.after() == null) {
                baseline.remove(c.path());
                deleted.add(c.path());
            } else {
                if (c.before() == null && baseline.size() >= config.maxFiles()) {
                    limit = true;
                    continue;
                }
                baseline.put(c.path(), c.after());
                upserts.add(c.after());
                if (c.after().kind() == FileState.Kind.FILE && scope.diffs(Path.of(c.path()))) {
                    String text = text(Path.of(c.path()), c.after().size());
                    if (c.type() == FimChange.Type.MODIFIED && text != null && !first) {
                        String old = store.content(c.path());
                        if (old != null) c = c.withDiff(UnifiedDiff.diff(c.path(), old, text));
                    }
                    if (text != null) contents.put(c.path(), text);
                }
            }
            if (c.type() != FimChange.Type.TOUCHED) reported.add(c);
        }
        List<FimStore.ChangeRow> rows = new ArrayList<>();
        java.time.Instant now = clock.instant();
        if (!first) for (FimChange c : reported) rows.add(new FimStore.ChangeRow(now, c.type().word, c.path()));
        store.apply(upserts, contents, deleted, rows);
        if (first) {
            report.accept(Event.of(now, SiemEvents.SIEM_FIM_BASELINE, "siem", "paths", baseline.size(), "roots", scope.roots().size()));
        } else if (burst != null || reported.size() > config.burstThreshold()) {
            if (burst == null) burst = new Burst(System.nanoTime());
            burst.add(reported);
        } else {
            for (FimChange c : reported) report.accept(event(now, c));
        }
        if (limit && !limitReported) {
            limitReported = true;
            report.accept(Event.of(now, SiemEvents.SIEM_FIM_LIMIT, "siem", "maxFiles", config.maxFiles()));
        }
    }

    /**
     * A burst being summarised: batches that follow one over the threshold join it until the tree has been quiet
     * for 5 × {@code quietMillis} (a package upgrade pauses between packages), at most {@link #MAX_BURST_MS}.
     */
    private static final class Burst {
        final long startNanos;
        final Map<FimChange.Type, Integer> counts = new java.util.EnumMap<>(FimChange.Type.class);
        final List<String> sample = new ArrayList<>();
        int total;

        Burst(long startNanos) {
            this.startNanos = startNanos;
        }

        void add(List<FimChange> changes) {
            for (FimChange c : changes) {
                counts.merge(c.type(), 1, Integer::sum);
                if (sample.size() < SAMPLE) sample.add(c.type().word + " " + c.path());
            }
            total += changes.size();
        }
    }

    private boolean burstDone(long now) {
        return burst != null && dirty.isEmpty() && !rescan && (now - lastChangeNanos >= TimeUnit.MILLISECONDS.toNanos(5L * config.quietMillis())
                || now - burst.startNanos >= TimeUnit.MILLISECONDS.toNanos(MAX_BURST_MS));
    }

    private void reportBurst() {
        Burst b = burst;
        burst = null;
        if (b == null || b.total == 0) return;
        report.accept(Event.of(clock.instant(), SiemEvents.SIEM_FIM_BURST, "siem", "changes", b.total,
                "added", b.counts.getOrDefault(FimChange.Type.ADDED, 0), "modified", b.counts.getOrDefault(FimChange.Type.MODIFIED, 0),
                "deleted", b.counts.getOrDefault(FimChange.Type.DELETED, 0), "permissions", b.counts.getOrDefault(FimChange.Type.PERMISSIONS, 0),
                "sample", String.join("\n", b.sample)));
    }

    static Event event(java.time.Instant now, FimChange c) {
        List<Object> kv = new ArrayList<>(List.of("path", c.path()));
        FileState a = c.after();
        FileState b = c.before();
        FileState any = a != null ? a : b;
        kv.addAll(List.of("kind", any.kind().name().toLowerCase(java.util.Locale.ROOT)));
        if (a != null) kv.addAll(List.of("sha256", a.sha256() == null ? "" : a.sha256(), "size", a.size(), "mode", a.modeOctal(),
                "owner", a.owner(), "inode", a.inode()));
        if (b != null && a != null) {
            kv.addAll(List.of("changed", String.join(",", a.changedAttributes(b)), "sha256Before", b.sha256() == null ? "" : b.sha256(),
                    "sizeBefore", b.size(), "modeBefore", b.modeOctal(), "ownerBefore", b.owner()));
        }
        if (a == null) kv.addAll(List.of("sha256Before", b.sha256() == null ? "" : b.sha256(), "sizeBefore", b.size()));
        if (c.diff() != null && !c.diff().isEmpty()) kv.addAll(List.of("diff", c.diff()));
        return Event.of(now, c.type().event, "siem", kv.toArray());
    }

    /** The file as UTF-8 text with secrets redacted, or null when it is large, binary or unreadable. */
    private String text(Path p, long size) {
        if (size > MAX_DIFF_BYTES) return null;
        try {
            byte[] b;
            try (java.io.InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                b = in.readNBytes(MAX_DIFF_BYTES + 1);
            }
            if (b.length > MAX_DIFF_BYTES) return null;
            for (byte x : b) if (x == 0) return null;
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            return redactor.redact(s);
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            LOG.debug("siem fim: reading {} for a diff: {}", p, e.toString());
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (!running) return;
        running = false;
        // Until the thread has ended: the database closes right after the roles (RoleThreads); a walk stops at its next path.
        RoleThreads.join("siem fim", thread);
        try {
            if (watcher != null) watcher.close();
        } catch (IOException e) {
            LOG.debug("siem fim: closing the watch: {}", e.toString());
        }
    }
}
