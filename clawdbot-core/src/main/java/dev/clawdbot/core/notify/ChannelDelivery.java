package dev.clawdbot.core.notify;

import dev.clawdbot.core.events.CoreEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.outbox.Outbox;
import dev.clawdbot.core.outbox.OutboxItem;
import dev.clawdbot.core.outbox.OutboxWorker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works one channel's outbox rows. A notice row is sent unless the channel already sent {@code maxPerWindow}
 * notices in the last {@code window}; then it is recorded as suppressed and one summary row is queued for the end
 * of that window, which tells the operator how many were held back and what they were about.
 */
final class ChannelDelivery implements OutboxWorker.Handler {

    static final String NOTICE = "notice:";
    static final String SUMMARY = "summary";
    static final String SENT = "sent";
    static final String SUPPRESSED = "suppressed";
    static final String SUMMARIZED = "summarized";
    /** Subjects a summary lists by name; the rest are only counted. */
    private static final int SUMMARY_SUBJECTS = 10;

    private final NoticeChannel channel;
    private final Outbox outbox;
    private final NoticeStore store;
    private final NotifyPolicy policy;
    private final EventSink events;
    private final Clock clock;

    ChannelDelivery(NoticeChannel channel, Outbox outbox, NoticeStore store, NotifyPolicy policy, EventSink events, Clock clock) {
        this.channel = channel;
        this.outbox = outbox;
        this.store = store;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public OutboxWorker.Outcome handle(OutboxItem item) {
        if (item.payload().equals(SUMMARY)) return summary(item);
        if (!item.payload().startsWith(NOTICE)) return new OutboxWorker.Outcome.Fail("not a notifier row: " + item.payload());
        Optional<NoticeStore.Stored> stored = store.load(Long.parseLong(item.payload().substring(NOTICE.length())));
        if (stored.isEmpty()) return new OutboxWorker.Outcome.Fail("notice " + item.payload() + " is gone");
        Instant now = clock.instant();
        List<Outbox.Finished> sent = outbox.finished(SENT, now.minus(policy.window()));
        if (sent.size() >= policy.maxPerWindow()) {
            if (!outbox.waiting(SUMMARY)) outbox.add(SUMMARY, sent.get(0).at().plus(policy.window()));
            events.emit(Event.of(now, CoreEvents.NOTIFY_SUPPRESSED, "notify", "channel", channel.name(), "notice", stored.get().id()));
            return new OutboxWorker.Outcome.Done(SUPPRESSED);
        }
        return send(item, withRepeats(stored.get()), SENT);
    }

    private OutboxWorker.Outcome summary(OutboxItem item) {
        List<Outbox.Finished> suppressed = outbox.finished(SUPPRESSED, Instant.EPOCH);
        if (suppressed.isEmpty()) return new OutboxWorker.Outcome.Done("empty");
        Map<String, Integer> subjects = new LinkedHashMap<>();
        int top = 0;
        for (Outbox.Finished f : suppressed) {
            Optional<NoticeStore.Stored> s = store.load(Long.parseLong(f.payload().substring(NOTICE.length())));
            if (s.isEmpty()) continue;
            subjects.merge(s.get().notice().subject(), 1, Integer::sum);
            top = Math.max(top, s.get().notice().level());
        }
        StringBuilder list = new StringBuilder();
        int named = 0;
        for (Map.Entry<String, Integer> e : subjects.entrySet()) {
            if (named++ == SUMMARY_SUBJECTS) {
                list.append("\n- and ").append(subjects.size() - SUMMARY_SUBJECTS).append(" more subjects");
                break;
            }
            list.append("\n- ").append(e.getKey()).append(e.getValue() > 1 ? " (" + e.getValue() + " times)" : "");
        }
        int n = suppressed.size();
        String subject = n + " more " + (n == 1 ? "notice" : "notices") + " suppressed in the last " + human(policy.window());
        OperatorNotice summary = new OperatorNotice("notify", "notify:summary:" + channel.name(), top, subject,
                subject + ":" + list + "\n\nAll of them are stored (table operator_notices); the events behind them are in DATA/events/events.jsonl.", clock.instant());
        OutboxWorker.Outcome outcome = send(item, summary, SUMMARY);
        if (outcome instanceof OutboxWorker.Outcome.Done) {
            List<Long> ids = new ArrayList<>();
            suppressed.forEach(f -> ids.add(f.id()));
            outbox.relabel(ids, SUPPRESSED, SUMMARIZED);
        }
        return outcome;
    }

    private OutboxWorker.Outcome send(OutboxItem item, OperatorNotice notice, String result) {
        try {
            channel.send(notice);
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            events.emit(Event.of(clock.instant(), CoreEvents.NOTIFY_FAILED, item.attempts() + 1 >= policy.maxAttempts() ? 8 : 5, "notify",
                    "channel", channel.name(), "attempt", item.attempts() + 1, "error", error));
            return new OutboxWorker.Outcome.Retry(error);
        }
        events.emit(Event.of(clock.instant(), CoreEvents.NOTIFY_SENT, "notify", "channel", channel.name(), "kind", result,
                "level", notice.level()));
        return new OutboxWorker.Outcome.Done(result);
    }

    private static OperatorNotice withRepeats(NoticeStore.Stored s) {
        if (s.repeats() == 0) return s.notice();
        OperatorNotice n = s.notice();
        String folded = "\n\n(" + s.repeats() + " more like this were folded into this notice)";
        return new OperatorNotice(n.source(), n.dedupKey(), n.level(), n.subject(), n.body() + folded, n.time(), n.html(),
                n.summary() == null ? null : n.summary() + folded);
    }

    /** "10 minutes", "1 hour", "90 seconds". */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) return plural(s / 3600, "hour");
        if (s % 60 == 0) return plural(s / 60, "minute");
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
