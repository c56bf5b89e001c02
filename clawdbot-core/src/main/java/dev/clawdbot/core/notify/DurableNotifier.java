package dev.clawdbot.core.notify;

import dev.clawdbot.core.events.CoreEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.outbox.Backoff;
import dev.clawdbot.core.outbox.Outbox;
import dev.clawdbot.core.outbox.OutboxStatus;
import dev.clawdbot.core.outbox.OutboxWorker;
import dev.clawdbot.core.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The operator notifier: {@link #notify} stores the notice in table {@code operator_notices} and one outbox row per
 * channel, in one transaction, then returns. Every notice handed over is pushed: the policy's level decides which
 * events become notices ({@link EventNotices}), while a role that calls {@code notify} itself (a weekly report, a
 * rotation reminder, a monitor's recovery) has already decided the operator should hear it; one worker per channel delivers
 * ({@link ChannelDelivery}). A notice whose {@code dedupKey} was seen inside the de-duplication window is folded
 * into the first (counted, not sent again). Delivery is at least once: a crash between a send and its record
 * sends that notice again after the lease. With no channel, notices are stored and logged.
 */
public final class DurableNotifier implements OperatorNotifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurableNotifier.class);
    /** Longer than any one send may take (SMTP allows 10 s to connect and 20 s per read). */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Notices added by another process on a shared PostgreSQL are found within this. */
    static final Duration POLL = Duration.ofSeconds(30);

    private final Database db;
    private final NotifyPolicy policy;
    private final EventSink events;
    private final Clock clock;
    private final NoticeStore store;
    private final List<Outbox> outboxes = new ArrayList<>();
    private final List<OutboxWorker> workers = new ArrayList<>();
    private final List<String> channelNames = new ArrayList<>();

    /** @param owner recorded on claimed rows: host and process id */
    public DurableNotifier(Database db, List<NoticeChannel> channels, NotifyPolicy policy, EventSink events, Clock clock, String owner) {
        this.db = Objects.requireNonNull(db, "db");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new NoticeStore(db);
        Backoff backoff = new Backoff(policy.retryBase(), policy.retryMax(), 0.2);
        SplittableRandom random = new SplittableRandom();
        for (NoticeChannel ch : channels) {
            Outbox box = new Outbox(db, "notify." + ch.name(), clock, LEASE, backoff, policy.maxAttempts(), owner, random.split());
            outboxes.add(box);
            channelNames.add(ch.name());
            workers.add(new OutboxWorker(box, new ChannelDelivery(ch, box, store, policy, events, clock), clock, POLL));
        }
    }

    /** Starts one delivery thread per channel; notices stored before a restart are sent now. */
    public DurableNotifier start() {
        workers.forEach(OutboxWorker::start);
        return this;
    }

    @Override
    public void notify(OperatorNotice notice) {
        Objects.requireNonNull(notice, "notice");
        Instant now = clock.instant();
        boolean push = !outboxes.isEmpty();
        Optional<Long> folded;
        try {
            folded = db.inTransaction(c -> {
                Optional<Long> earlier = store.recent(c, notice.dedupKey(), now.minus(policy.dedupWindow()));
                if (earlier.isPresent()) {
                    store.countRepeat(c, earlier.get());
                    return earlier;
                }
                long id = store.insert(c, notice, now, push);
                if (push) for (Outbox box : outboxes) box.add(c, ChannelDelivery.NOTICE + id, now);
                return Optional.<Long>empty();
            });
        } catch (RuntimeException e) {
            // The contract: never throw for a delivery problem. The log still carries the notice.
            LOG.error("operator notice could not be stored ({}): [{}] {}", e.getMessage(), notice.source(), notice.subject());
            return;
        }
        if (folded.isPresent()) {
            events.emit(Event.of(now, CoreEvents.NOTIFY_DEDUPLICATED, "notify", "notice", folded.get(), "source", notice.source()));
            return;
        }
        if (push) {
            outboxes.forEach(b -> b.wakeup().wake());
        } else {
            LOG.warn("operator notice (no operator channel is configured, stored only): [{}] level {} {}", notice.source(), notice.level(), notice.subject());
        }
    }

    /** The channels notices are pushed to; empty means stored and logged only. */
    public List<String> channels() {
        return List.copyOf(channelNames);
    }

    public NotifyPolicy policy() {
        return policy;
    }

    /** Deliveries waiting (pending or being sent) over all channels. */
    public int waiting() {
        int n = 0;
        for (Outbox b : outboxes) n += b.count(OutboxStatus.PENDING) + b.count(OutboxStatus.CLAIMED);
        return n;
    }

    /** Deliveries given up after the last attempt, over all channels. */
    public int failed() {
        int n = 0;
        for (Outbox b : outboxes) n += b.count(OutboxStatus.FAILED);
        return n;
    }

    /** Notices stored in all (pushed or not). */
    public long stored() {
        return store.count();
    }

    /** Makes every channel's worker look for due rows now (after a test moved its clock). */
    void wakeAll() {
        workers.forEach(OutboxWorker::wake);
    }

    /**
     * Works the due outbox rows of every channel once, on the calling thread: a one-shot command, which never starts
     * the delivery threads, sends what it noticed before it exits. A send that fails stays queued for the server's
     * workers (retry with back-off). Returns how many rows were worked.
     */
    public int deliverDue() {
        return workers.stream().mapToInt(OutboxWorker::runOnce).sum();
    }

    @Override
    public void close() {
        workers.forEach(OutboxWorker::close);
    }
}
