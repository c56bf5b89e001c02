package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.core.storage.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A broker over a temp directory with recording channel, executor and notifier; re-creatable over the same state. */
public final class BrokerFixture implements AutoCloseable {

    public final Path dir;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    public final RecordingEvents events = new RecordingEvents();
    public final List<ApprovalMessage> notices = new CopyOnWriteArrayList<>();
    public final List<String> executed = new CopyOnWriteArrayList<>();
    public final List<String> bridged = new CopyOnWriteArrayList<>();
    public final String linkSecret = WebhookSecret.generate();
    public ScriptedRouter model = ScriptedRouter.replying(p -> "Looks consistent with the rationale.\nRISK: low");
    public ActionExecutor executor = (a, key) -> {
        executed.add(a.describe());
        return new ActionExecutor.Result(0, "ok");
    };
    public OperatorChannel channel = new OperatorChannel() {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void send(ApprovalMessage notice) {
            notices.add(notice);
        }
    };
    public final List<RequesterNotifier.Outcome> outcomes = new CopyOnWriteArrayList<>();
    public RequesterNotifier notifier = o -> {
        outcomes.add(o);
        bridged.add(o.agentId() + "|" + o.requestId() + "|" + o.text());
    };
    public List<AutoApproveRule> autoApprove = List.of();
    /** When set, the first event matching this predicate throws {@link SimulatedCrash}: a process death right after that step committed. */
    public volatile java.util.function.Predicate<dev.clawdbot.core.events.Event> crashAfter;
    public Database db;
    public RequestBroker broker;

    /** The session that files the fixture's requests, as the request_host_change tool records it. */
    public static final String SESSION = "agent:dakota:telegram:dm:1001";

    public BrokerFixture(Path dir) {
        this.dir = dir;
    }

    public BrokerConfig config() {
        return new BrokerConfig(dir.resolve("spool"), Duration.ofHours(24), Duration.ofHours(2), autoApprove, linkSecret,
                java.net.URI.create("https://clawdbot.example/"), null, null, null, Duration.ofSeconds(30));
    }

    /** Opens (or re-opens, as after a crash) the database and a fresh broker over the same files. */
    public RequestBroker open() {
        if (db != null) db.close();
        db = Database.sqlite(dir.resolve("broker.db"));
        broker = new RequestBroker(config(), db, model, (a, k) -> executor.execute(a, k), List.of(delegatingChannel()), notifier, this::emit, clock);
        return broker;
    }

    private void emit(dev.clawdbot.core.events.Event e) {
        events.emit(e);
        java.util.function.Predicate<dev.clawdbot.core.events.Event> p = crashAfter;
        if (p != null && p.test(e)) {
            crashAfter = null;
            throw new SimulatedCrash(e.type() + " " + e.fields());
        }
    }

    /** Thrown to simulate the process dying; an Error, so no catch (RuntimeException) in the broker swallows it. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(String m) {
            super(m);
        }
    }

    private OperatorChannel delegatingChannel() {
        return new OperatorChannel() {
            @Override
            public String name() {
                return "fixture";
            }

            @Override
            public void send(ApprovalMessage notice) throws Exception {
                channel.send(notice);
            }
        };
    }

    public void drop(String name, String json) throws IOException {
        Path inbox = dir.resolve("spool/inbox");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, inbox.resolve(name));
    }

    public void drop(String name, HostChangeRequest r) throws IOException {
        drop(name, new String(RequestCodec.write(r)));
    }

    public static HostChangeRequest request(ProposedAction... actions) {
        return new HostChangeRequest("dakota", "Restart nginx after config change", "The site returns 502 since the update.",
                List.of(actions), HostChangeRequest.Urgency.NORMAL, SESSION);
    }

    /** Drops a request with these actions into the spool as a.json and lets the broker take it in (one pass). */
    public void submit(ProposedAction... actions) throws IOException {
        drop("a.json", request(actions));
        broker.runOnce();
    }

    public RequestView only() {
        List<RequestView> all = broker.list();
        if (all.size() != 1) throw new AssertionError("expected one request, got " + all.size());
        return all.getFirst();
    }

    @Override
    public void close() throws IOException {
        if (broker != null) broker.close();
        if (db != null) db.close();
    }
}
