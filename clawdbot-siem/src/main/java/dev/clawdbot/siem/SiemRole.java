package dev.clawdbot.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.role.Role;
import dev.clawdbot.siem.response.ActiveResponse;
import dev.clawdbot.siem.response.BlockStore;
import dev.clawdbot.siem.rules.AlertJson;
import dev.clawdbot.siem.rules.Analysis;
import dev.clawdbot.siem.rules.Analyzer;
import dev.clawdbot.siem.rules.Ruleset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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

    private record Line(String text, String location) {
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
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong analysed = new AtomicLong();
    private final AtomicLong pollCycles = new AtomicLong();
    private final List<FileFollower> followers = new ArrayList<>();
    private volatile boolean running;
    private Thread reader;
    private Thread engine;
    private long droppedReported;
    private Instant lastExpiry = Instant.EPOCH;

    public SiemRole(SiemConfig config, Ruleset ruleset, AlertStore store, OperatorNotifier notifier, EventSink events, Clock clock, String host) {
        this.config = config;
        this.ruleset = ruleset;
        this.store = store;
        this.notifier = notifier;
        this.events = events;
        this.clock = clock;
        this.host = host;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.response = new ActiveResponse(config.response(), new BlockStore(store.database()), events, clock);
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
        for (var p : ruleset.problems()) LOG.warn("siem ruleset: {}", p);
    }

    synchronized void startEngine() {
        if (engine == null) engine = Thread.ofPlatform().daemon().name("siem-engine").start(this::engineLoop);
    }

    /** Clawdbot's own events, in-process; never blocks the emitter. The siem's own events are not fed back. */
    @Override
    public void emit(Event e) {
        if (!config.ownEvents() || !running || e.type().startsWith("siem.")) return;
        offer(eventLine(e), "clawdbot");
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
        if (!queue.offer(new Line(text, location))) dropped.incrementAndGet();
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
                handle(analyzer.analyze(line.text(), line.location()));
            } catch (RuntimeException e) {
                LOG.warn("siem: analysing a line from {}: {}", line.location(), e.toString());
            }
            analysed.incrementAndGet();
        }
    }

    private void handle(Analysis a) {
        if (!a.alert() || a.level() < config.alertLevel()) return;
        String json = AlertJson.line(a, host);
        String srcip = a.fields().get("srcip");
        store.insert(new AlertStore.StoredAlert(a.time(), a.ruleId(), a.level(), srcip, a.description(), json));
        response.onAlert(a.ruleId(), a.level(), a.groups(), srcip);
        if (a.level() >= config.notifyLevel() || a.mail()) {
            notifier.notify(new OperatorNotice("siem", "siem:" + a.ruleId() + ":" + (srcip == null ? "" : srcip), a.level(),
                    "SIEM level " + a.level() + " rule " + a.ruleId() + ": " + a.description(), json, a.time()));
        }
    }

    /** At most once a second: blocks past their timeout are recorded as lifted. */
    private void expireBlocks() {
        Instant now = clock.instant();
        if (now.isBefore(lastExpiry.plusSeconds(1))) return;
        lastExpiry = now;
        try {
            response.expire();
        } catch (RuntimeException e) {
            LOG.warn("siem: expiring blocks: {}", e.toString());
        }
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now == droppedReported) return;
        long lost = now - droppedReported;
        droppedReported = now;
        Instant t = clock.instant();
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
        return out;
    }

    @Override
    public synchronized void close() {
        if (!running) return;
        running = false;
        // No interrupts: the reader may be inside a database write; both loops notice 'running' within a poll.
        for (Thread t : new Thread[]{reader, engine}) {
            if (t == null) continue;
            try {
                t.join(Math.max(5_000, 2L * config.pollMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
