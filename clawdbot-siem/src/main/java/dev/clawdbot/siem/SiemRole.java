package dev.clawdbot.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.role.Role;
import dev.clawdbot.siem.digest.DigestSchedule;
import dev.clawdbot.siem.digest.SiemDigest;
import dev.clawdbot.siem.fim.FimMonitor;
import dev.clawdbot.siem.fim.FimStore;
import dev.clawdbot.siem.journal.JournalFollower;
import dev.clawdbot.siem.syslog.SyslogListener;
import dev.clawdbot.siem.response.ActiveResponse;
import dev.clawdbot.siem.response.BlockStore;
import dev.clawdbot.siem.rules.AlertJson;
import dev.clawdbot.siem.rules.Analysis;
import dev.clawdbot.siem.rules.Analyzer;
import dev.clawdbot.siem.rules.Ruleset;
import dev.clawdbot.siem.rules.WarmUp;
import dev.clawdbot.core.role.RoleThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code siem} role: follows log files and takes Clawdbot's own events, runs every line through the rule
 * engine on one thread, stores alerts and sends those at {@code notifyLevel} and above to the operator.
 * Readers never block: a full queue drops the line, counts it, and the drop itself is alerted.
 */
public final class SiemRole implements Role, EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(SiemRole.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code eventLevel}: the level of the Clawdbot event the line is, or -1 for a log line. */
    private record Line(String text, String location, int eventLevel) {
    }

    private final SiemConfig config;
    private final Ruleset ruleset;
    private final AlertStore store;
    private final OperatorNotifier notifier;
    private final EventSink events;
    private final Clock clock;
    private final String host;
    private final BlockingQueue<Line> queue;
    private final ActiveResponse response;
    private final ThreadPoolExecutor responder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1000), Thread.ofPlatform().daemon().name("siem-response").factory());
    private final FimMonitor fim;
    /** The journal's cursor is kept in {@code siem_offsets} under this name (its "inode" column), and alerts say it as location. */
    static final String JOURNAL = "journald";
    private JournalFollower journal;
    private SyslogListener syslog;
    /** When the last daily digest was sent is kept in {@code siem_offsets} under this name (its offset column, epoch ms). */
    static final String DIGEST = "digest";
    private DigestSchedule digest;
    private volatile boolean digestTimer = true;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong analysed = new AtomicLong();
    /** Sample lines the engine analysed to warm up before its first real line; -1 until it has. */
    private final AtomicLong warmUpLines = new AtomicLong(-1);
    private final AtomicLong pollCycles = new AtomicLong();
    private final List<FileFollower> followers = new ArrayList<>();
    private volatile boolean running;
    private Thread reader;
    private Thread engine;
    private long droppedReported;
    private Instant lastDropReport;
    static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);
    private Instant lastExpiry = Instant.EPOCH;
    private volatile int eventNoticeLevel = Integer.MAX_VALUE;

    public SiemRole(SiemConfig config, Ruleset ruleset, AlertStore store, OperatorNotifier notifier, EventSink events, Clock clock, String host) {
        this(config, ruleset, store, notifier, events, clock, host, null);
    }

    /** {@code configDir}: Clawdbot's config directory, watched by file integrity monitoring as {@code @config} (null: not watched). */
    public SiemRole(SiemConfig config, Ruleset ruleset, AlertStore store, OperatorNotifier notifier, EventSink events, Clock clock, String host,
                    Path configDir) {
        this.config = config;
        this.ruleset = ruleset;
        this.store = store;
        this.notifier = notifier;
        this.events = events;
        this.clock = clock;
        this.host = host;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.response = new ActiveResponse(config.response(), new BlockStore(store.database()), events, clock);
        this.fim = config.fim().enabled()
                ? new FimMonitor(config.fim(), configDir, new FimStore(store.database()), SecretRedactor.global(), clock, this::fimEvent)
                : null;
    }

    /**
     * The daily digest is scheduled by the ops engine in this process (its job {@code siem-digest}): the role does not
     * start its own timer. Call before {@link #start()}.
     */
    public void digestScheduledByOps() {
        digestTimer = false;
    }

    /** The journal follower, or null when the journal is not a source. */
    JournalFollower journal() {
        return journal;
    }

    /** FIM events are audited in the event log and analysed by the rules (880840–880845), which make them alerts. */
    private void fimEvent(Event e) {
        events.emit(e);
        if (!e.type().equals("siem.fim.baseline")) offer(eventLine(e), "fim", e.level());
    }

    /** File integrity monitoring, or null when {@code siem.fim.enabled} is false. */
    FimMonitor fim() {
        return fim;
    }

    @Override
    public String name() {
        return "siem";
    }

    @Override
    public synchronized void start() {
        startReaders();
        startEngine();
    }

    /** Starts taking lines (files and own events); they queue until {@link #startEngine()}. */
    synchronized void startReaders() {
        if (running) return;
        running = true;
        Map<String, FileFollower.Position> saved = store.offsets();
        for (String f : config.files()) {
            Path p = Path.of(f);
            followers.add(new FileFollower(p, saved.get(p.toString()), text -> offer(text, p.toString())));
        }
        reader = Thread.ofPlatform().daemon().name("siem-files").start(this::readLoop);
        if (fim != null) fim.start();
        if (config.journal().active()) {
            FileFollower.Position cursor = saved.get(JOURNAL);
            journal = new JournalFollower(config.journal().command(), cursor == null ? null : cursor.inode(), text -> offer(text, JOURNAL),
                    c -> store.saveOffsets(Map.of(JOURNAL, new FileFollower.Position(c, 0))), ZoneId.systemDefault());
            journal.start();
        }
        if (config.digest().enabled() && digestTimer) {
            FileFollower.Position last = saved.get(DIGEST);
            digest = new DigestSchedule(config.digest(), new SiemDigest(store.database(), notifier, host, ZoneId.systemDefault()), clock,
                    ZoneId.systemDefault(), () -> last == null ? null : Instant.ofEpochMilli(last.offset()),
                    t -> store.saveOffsets(Map.of(DIGEST, new FileFollower.Position("digest", t.toEpochMilli()))));
            digest.start();
        }
        if (config.syslog().enabled()) {
            syslog = new SyslogListener(config.syslog(), this::offer);
            try {
                syslog.start();
            } catch (IOException e) {
                syslog.close();
                throw new IllegalStateException("siem.syslog: cannot listen on " + config.syslog().bind() + " (udp " + config.syslog().udpPort()
                        + ", tcp " + config.syslog().tcpPort() + "): " + e.getMessage(), e);
            }
        }
        for (var p : ruleset.problems()) LOG.warn("siem ruleset: {}", p);
    }

    synchronized void startEngine() {
        if (engine == null) engine = Thread.ofPlatform().daemon().name("siem-engine").start(this::engineLoop);
    }

    /** Clawdbot's own events, in-process; never blocks the emitter. The siem's own events are not fed back. */
    @Override
    public void emit(Event e) {
        if (!config.ownEvents() || !running || e.type().startsWith("siem.")) return;
        offer(eventLine(e), "clawdbot", e.level());
    }

    /**
     * The level from which Clawdbot's events reach the operator by themselves ({@code operator.level}). An alert made
     * from such an event is stored but not sent again: the event's notice already went out, with the event's
     * fields. An alert that raises a lower event past {@code notifyLevel} is sent. Unset: every alert is sent.
     */
    public void eventNoticeLevel(int level) {
        this.eventNoticeLevel = level;
    }

    static String eventLine(Event e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", e.time().toString());
        o.put("type", e.type());
        o.put("level", e.level());
        o.put("actor", e.actor());
        ObjectNode f = o.putObject("fields");
        for (Map.Entry<String, Object> kv : e.fields().entrySet()) {
            Object v = kv.getValue();
            if (v == null) f.putNull(kv.getKey());
            else if (v instanceof Integer || v instanceof Long || v instanceof Short) f.put(kv.getKey(), ((Number) v).longValue());
            else if (v instanceof Number n) f.put(kv.getKey(), n.doubleValue());
            else if (v instanceof Boolean b) f.put(kv.getKey(), b);
            else f.put(kv.getKey(), String.valueOf(v));
        }
        return o.toString();
    }

    private void offer(String text, String location) {
        offer(text, location, -1);
    }

    private void offer(String text, String location, int eventLevel) {
        if (!queue.offer(new Line(text, location, eventLevel))) dropped.incrementAndGet();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Completed passes over the followed files (a file that exists at the first pass is followed from its end). */
    long pollCycles() {
        return pollCycles.get();
    }

    public long analysed() {
        return analysed.get();
    }

    /** How many sample lines warmed the analyzer up at start ({@link WarmUp}); -1 while it has not finished. */
    long warmUpLines() {
        return warmUpLines.get();
    }

    private void readLoop() {
        while (running) {
            Map<String, FileFollower.Position> changed = new HashMap<>();
            for (FileFollower f : followers) {
                try {
                    FileFollower.Position before = f.position();
                    f.poll();
                    FileFollower.Position after = f.position();
                    if (after != null && !after.equals(before)) changed.put(f.path().toString(), after);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("siem: reading {}: {}", f.path(), e.toString());
                }
            }
            pollCycles.incrementAndGet();
            try {
                store.saveOffsets(changed);
            } catch (RuntimeException e) {
                LOG.warn("siem: saving file offsets: {}", e.toString());
            }
            sleep(config.pollMillis());
        }
    }

    private void engineLoop() {
        // Lines queue meanwhile (the readers are started first); a cold JIT cost 1.3-1.5x the CPU per line (issue #15).
        long t0 = System.nanoTime();
        int warmed = WarmUp.run(ruleset, WarmUp.DEFAULT_BUDGET);
        warmUpLines.set(warmed);
        LOG.debug("siem: analyzer warmed up on {} sample lines in {} ms", warmed, (System.nanoTime() - t0) / 1_000_000);
        Analyzer analyzer = new Analyzer(ruleset, clock, ZoneId.systemDefault());
        while (running || !queue.isEmpty()) {
            Line line;
            try {
                line = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) break;
                continue;
            }
            reportDrops();
            expireBlocks();
            if (line == null) continue;
            try {
                handle(analyzer.analyze(line.text(), line.location()), line.eventLevel());
            } catch (RuntimeException e) {
                LOG.warn("siem: analysing a line from {}: {}", line.location(), e.toString());
            }
            analysed.incrementAndGet();
        }
    }

    private void handle(Analysis a, int eventLevel) {
        if (!a.alert() || a.level() < config.alertLevel()) return;
        String json = AlertJson.line(a, host);
        String srcip = a.fields().get("srcip");
        store.insert(new AlertStore.StoredAlert(a.time(), a.ruleId(), a.level(), srcip, a.description(), json));
        respond(() -> {
            response.onAlert(a.ruleId(), a.level(), a.groups(), srcip);
            response.onAlertActions(a.ruleId(), a.level(), a.fields());
        });
        if ((a.level() >= config.notifyLevel() || a.mail()) && eventLevel < eventNoticeLevel) {
            notifier.notify(new OperatorNotice("siem", "siem:" + a.ruleId() + ":" + (srcip == null ? "" : srcip), a.level(),
                    "SIEM level " + a.level() + " rule " + a.ruleId() + ": " + a.description(), json, a.time()));
        }
    }

    /** At most once a second: blocks past their timeout are recorded as lifted. */
    private void expireBlocks() {
        Instant now = clock.instant();
        if (now.isBefore(lastExpiry.plusSeconds(1))) return;
        lastExpiry = now;
        if (responder.getQueue().isEmpty()) respond(response::expire);
    }

    /**
     * Responses run nft, iptables, usermod or a program (each bounded at 10–30 s): on their own thread, never the
     * engine's, in alert order (ActiveResponse is single-threaded by design). At most 1,000 wait; beyond, dropped and logged.
     */
    private void respond(Runnable r) {
        try {
            responder.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("siem: active response: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("siem: active response queue full (1000); a response was dropped");
        }
    }

    /**
     * Drops are reported at once, then at most once per {@link #DROP_REPORT_INTERVAL}: a sustained flood is one event
     * and one notice a minute, each with the count since the previous one.
     */
    private void reportDrops() {
        long now = dropped.get();
        if (now == droppedReported) return;
        Instant t = clock.instant();
        if (lastDropReport != null && t.isBefore(lastDropReport.plus(DROP_REPORT_INTERVAL))) return;
        lastDropReport = t;
        long lost = now - droppedReported;
        droppedReported = now;
        events.emit(Event.of(t, SiemEvents.SIEM_DROPPED, "siem", "lines", lost, "total", now));
        notifier.notify(new OperatorNotice("siem", "siem:dropped", 10, "SIEM dropped " + lost + " log lines (queue full)",
                "The siem queue (" + config.queueSize() + " lines) was full; " + now + " lines dropped since start.", t));
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This host's name for alerts ({@code agent.name}), read without any name lookup. */
    public static String localHostName() {
        try {
            String h = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return h.isEmpty() ? "localhost" : h;
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    @Override
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (running && (reader == null || !reader.isAlive() || engine == null || !engine.isAlive())) out.add("siem threads stopped");
        if (running && fim != null && !fim.alive()) out.add("siem file integrity monitoring stopped");
        if (running && journal != null && !journal.alive()) out.add("siem journal follower stopped");
        return out;
    }

    @Override
    public synchronized void close() {
        if (!running) return;
        running = false;
        if (fim != null) fim.close();
        if (journal != null) journal.close();
        if (syslog != null) syslog.close();
        if (digest != null) digest.close();
        // No interrupts: the reader may be inside a database write; both loops notice 'running' within a poll.
        // Joined until they end, not for a bounded time: the database and the event log close right after (RoleThreads).
        RoleThreads.join("siem", reader, engine);
        responder.shutdown();
        try {
            while (!responder.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("siem: still waiting for an active response to finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (FileFollower f : followers) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.debug("siem: closing {}: {}", f.path(), e.toString());
            }
        }
    }
}
