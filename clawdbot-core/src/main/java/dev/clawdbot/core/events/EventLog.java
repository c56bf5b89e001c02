package dev.clawdbot.core.events;

import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event log: every event becomes a row in table {@code events} and a JSON line in a rotated file
 * (schema in docs/events.md). {@link #emit} is cheap: it redacts, enqueues into a bounded queue and calls the
 * listeners; one writer thread inserts batches in one transaction each and appends them to the file with an
 * fsync. When the queue stays full for {@code maxBlock}, the event is counted in {@link #dropped()} and the
 * writer records an {@code events.dropped} event (level 12); emit never throws. {@link #close()} drains.
 */
public final class EventLog implements EventSink, AutoCloseable {

    public static final long DEFAULT_ROTATE_BYTES = 64L << 20;
    public static final int DEFAULT_KEEP = 5;
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofMillis(50);
    public static final String DROPPED_TYPE = CoreEvents.EVENTS_DROPPED.name();

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    private static final int BATCH = 512;

    private final Database db;
    private final Clock clock;
    private final SecretRedactor redactor;
    private final EventJson json;
    private final JsonlFile file;
    private final BlockingQueue<Event> queue;
    private final long maxBlockNanos;
    private final List<EventSink> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object progress = new Object();
    private long written;
    private long droppedReported;
    private volatile boolean closed;
    private final Thread writer;

    /** With the defaults: keep 5 rotated files, a queue of 10,000 events, block at most 50 ms when it is full. */
    public EventLog(Database db, Path jsonl, Clock clock, SecretRedactor redactor, long rotateBytes) {
        this(db, jsonl, clock, redactor, rotateBytes, DEFAULT_KEEP, DEFAULT_CAPACITY, DEFAULT_MAX_BLOCK);
    }

    /** Configured by the {@code events:} section of clawdbot.yaml. */
    public EventLog(Database db, Path jsonl, Clock clock, SecretRedactor redactor, EventLogConfig config) {
        this(db, jsonl, clock, redactor, config.rotateBytes(), config.keep(), config.queueCapacity(), config.maxBlock());
    }

    public EventLog(Database db, Path jsonl, Clock clock, SecretRedactor redactor, long rotateBytes,
                    int keep, int capacity, Duration maxBlock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        if (rotateBytes < 1024) throw new IllegalArgumentException("rotateBytes must be at least 1024, was " + rotateBytes);
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        this.json = new EventJson(redactor);
        this.file = new JsonlFile(Objects.requireNonNull(jsonl, "jsonl"), rotateBytes, keep);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBlockNanos = maxBlock.toNanos();
        this.writer = Thread.ofPlatform().name("clawdbot-eventlog").daemon(true).unstarted(this::writeLoop);
        writer.start();
    }

    /** Receives every event (redacted) on the emitting thread, right after it is queued, e.g. to alert on level 10 and above. */
    public void addListener(EventSink listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void emit(Event event) {
        if (event == null) return;
        Event e = redactTop(event);
        boolean queued = false;
        if (!closed) {
            try {
                queued = queue.offer(e, maxBlockNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        if (queued) accepted.incrementAndGet();
        else if (dropped.incrementAndGet() == 1) log.warn("event log queue full or closed: dropping events (first: {})", e.type());
        notifyListeners(e);
    }

    /** Events waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** Events that could not be queued (queue full for longer than maxBlock, or emitted after close). */
    public long dropped() {
        return dropped.get();
    }

    /** Waits until every event queued before this call is written; false if {@code timeout} passed first. */
    public boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The newest events first, at most {@code limit}, whose type starts with {@code typePrefix} (null or empty:
     * any) and whose level is at least {@code minLevel}. Flushes first, so an event emitted before is included.
     */
    public List<Event> recent(int limit, String typePrefix, int minLevel) {
        flush(Duration.ofSeconds(5));
        String prefix = typePrefix == null ? "" : typePrefix;
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT time, type, level, actor, fields FROM events"
                    + " WHERE level >= ? AND substr(type, 1, ?) = ? ORDER BY time_ms DESC, id DESC LIMIT ?")) {
                ps.setInt(1, minLevel);
                ps.setInt(2, prefix.length());
                ps.setString(3, prefix);
                ps.setInt(4, Math.max(0, limit));
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Event(Instant.parse(rs.getString(1)), rs.getString(2), rs.getInt(3), rs.getString(4),
                                EventJson.parseFields(rs.getString(5))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            writer.join(Duration.ofSeconds(30));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            // The writer is stuck (a database lock held elsewhere): writing beside it would interleave lines.
            log.error("the event writer did not finish within 30 s; {} queued events are not written", queue.size());
            return;
        }
        List<Event> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty() || dropped.get() > droppedReported) write(rest);
        try {
            file.close();
        } catch (IOException e) {
            log.error("cannot close the event file: {}", e.getMessage());
        }
    }

    private void writeLoop() {
        List<Event> batch = new ArrayList<>(BATCH);
        while (true) {
            Event first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                first = null;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) return;
                if (dropped.get() > droppedReported) write(List.of());
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            write(batch);
            batch.clear();
        }
    }

    /** Writes one batch to the file and the database; a failure of either is logged and never stops the writer. */
    private void write(List<Event> events) {
        int count = events.size();
        List<Event> all = new ArrayList<>(events);
        long drops = dropped.get();
        if (drops > droppedReported) {
            Event d = Event.of(clock.instant(), CoreEvents.EVENTS_DROPPED, "eventlog", "count", drops - droppedReported, "total", drops);
            droppedReported = drops;
            all.add(d);
            notifyListeners(d);
        }
        List<byte[]> lines = new ArrayList<>(all.size());
        List<String> fieldsJson = new ArrayList<>(all.size());
        for (Event e : all) {
            String fields = json.fields(e);
            lines.add(json.line(e, fields));
            fieldsJson.add(fields);
        }
        try {
            file.append(lines);
        } catch (IOException | RuntimeException e) {
            log.error("cannot append {} events to the event file: {}", all.size(), e.getMessage());
        }
        try {
            insert(all, fieldsJson);
        } catch (RuntimeException e) {
            log.error("cannot store {} events in the database: {}", all.size(), e.getMessage());
        }
        synchronized (progress) {
            written += count;
            progress.notifyAll();
        }
    }

    private void insert(List<Event> events, List<String> fieldsJson) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO events (time, time_ms, type, level, actor, fields) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < events.size(); i++) {
                    Event e = events.get(i);
                    ps.setString(1, EventJson.time(e));
                    ps.setLong(2, e.time().toEpochMilli());
                    ps.setString(3, e.type());
                    ps.setInt(4, e.level());
                    ps.setString(5, redactor.redact(e.actor()));
                    ps.setString(6, fieldsJson.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Redacts the actor and top-level string fields, so listeners never see a registered secret either. */
    private Event redactTop(Event e) {
        String actor = redactor.redact(e.actor());
        Map<String, Object> fields = null;
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            if (f.getValue() instanceof String s) {
                String r = redactor.redact(s);
                if (!r.equals(s)) {
                    if (fields == null) fields = new LinkedHashMap<>(e.fields());
                    fields.put(f.getKey(), r);
                }
            }
        }
        if (fields == null && actor.equals(e.actor())) return e;
        return new Event(e.time(), e.type(), e.level(), actor, fields == null ? e.fields() : fields);
    }

    private void notifyListeners(Event e) {
        for (EventSink l : listeners) {
            try {
                l.emit(e);
            } catch (RuntimeException ex) {
                log.warn("event listener {} failed on {}: {}", l, e.type(), ex.toString());
            }
        }
    }
}
