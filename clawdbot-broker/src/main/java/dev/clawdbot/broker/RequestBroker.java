package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.render.ApprovalMessages;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.broker.spool.SpoolIntake;
import dev.clawdbot.core.approval.ApprovalAnswers;
import dev.clawdbot.core.approval.OperatorAnswer;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.ModelRouter;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The request broker: takes requests from the spool, has them assessed, asks the operator, applies the
 * operator's decision and executes exactly what was approved. Decisions from every channel come in through
 * {@link #approve}, {@link #deny}, {@link #cancel}, {@link #operatorReply} and {@link #approveByLink}; the
 * first one that lands wins. All state is in the database: {@link #start} after a crash resumes where it was.
 */
public final class RequestBroker implements ApprovalAnswers, AutoCloseable {

    /** The refusal that already answered the operator (a follow-up asking to clarify); channels add nothing to it. */
    public static final String ASKED_TO_CLARIFY = "reply was ambiguous; asked the operator to clarify";

    private final RequestEngine engine;
    private final ReplyInterpreter interpreter;
    private final EventSink events;
    private final Clock clock;
    private final BrokerConfig config;
    private ScheduledExecutorService scheduler;

    public RequestBroker(BrokerConfig config, Database db, ModelRouter router, ActionExecutor executor, List<OperatorChannel> channels,
                         RequesterNotifier notifier, EventSink events, Clock clock) {
        this.config = config;
        this.events = events;
        this.clock = clock;
        ModelCalls model = new ModelCalls(router, config.admin().agentId());
        this.engine = new RequestEngine(config, new RequestStore(db), new ExecutionLedger(db), new SpoolIntake(config.spoolDir(), events, clock),
                model, executor, channels, notifier, events, clock);
        this.interpreter = new ReplyInterpreter(model);
    }

    /** Watches the spool, rescans it now and every {@code scanInterval}, and advances requests on a single worker thread. */
    public synchronized void start() throws IOException {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("broker").unstarted(r));
        engine.intake.watch(this::wake);
        scheduler.scheduleWithFixedDelay(this::safePass, 0, config.scanInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs one pass now on the caller's thread: intake, every active request, requester notices. */
    public void runOnce() {
        engine.pass();
    }

    /** Asks for a pass soon (after a decision or a spool event). */
    public void wake() {
        ScheduledExecutorService s = scheduler;
        if (s != null && !s.isShutdown()) s.execute(this::safePass);
    }

    private void safePass() {
        try {
            engine.pass();
        } catch (RuntimeException e) {
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_REQUEST_ERROR, "broker", "error", e.getClass().getSimpleName()));
        }
    }

    /** Writes a request into the spool (as the {@code request_host_change} tool and {@code request submit} do). */
    public String submit(HostChangeRequest request) throws IOException {
        return engine.intake.submit(request);
    }

    public List<RequestView> list() {
        return engine.store.all();
    }

    public Optional<RequestView> find(String idOrToken) {
        Optional<RequestView> r = engine.store.find(idOrToken);
        return r.isPresent() ? r : engine.store.findByToken(idOrToken);
    }

    /** The audit trail of a request: every transition with who, when and why. */
    public List<String> history(String id) {
        return engine.store.transitions(id).stream()
                .map(t -> t.at() + "  " + (t.from() == null ? "-" : t.from().wire()) + " -> " + t.to().wire() + "  by " + t.actor() + ": " + t.reason())
                .toList();
    }

    /**
     * Approves exactly the actions whose hash starts with {@code expectedHash} (at least 8 hex digits; null
     * only for callers that displayed the full request in the same step, such as a signed link).
     */
    public Decision approve(String id, String actor, String expectedHash) {
        RequestView r = engine.store.find(id).orElse(null);
        if (r == null) return Decision.refused("no request " + id, null);
        if (!RequestState.OPEN_FOR_OPERATOR.contains(r.state())) return Decision.refused("request " + id + " is " + r.state().wire() + "; the first answer already won", r.state());
        if (expectedHash != null && (expectedHash.length() < 8 || !r.actionHash().startsWith(expectedHash.toLowerCase(java.util.Locale.ROOT)))) {
            return Decision.refused("the actions of " + id + " do not match hash " + expectedHash + "; approve what is shown by request show", r.state());
        }
        if (!engine.transition(r, RequestState.OPEN_FOR_OPERATOR, RequestState.APPROVED, actor, "approved by operator",
                Map.of("approved_hash", r.actionHash(), "approved_by", actor, "otp_used", 1))) {
            return Decision.refused("request " + id + " was decided concurrently; the first answer won", engine.store.find(id).map(RequestView::state).orElse(null));
        }
        wake();
        return Decision.done("approved " + id + " (actions " + r.actionHash().substring(0, 12) + ")", RequestState.APPROVED);
    }

    /** An answer a channel proved (a button, a reply to its question); see {@link OperatorAnswers}. */
    @Override
    public String answer(OperatorAnswer answer) {
        return OperatorAnswers.answer(this, answer);
    }

    public Decision deny(String id, String actor, String reason) {
        return close(id, actor, RequestState.DENIED, RequestState.OPEN_FOR_OPERATOR, reason == null || reason.isBlank() ? "denied by operator" : reason);
    }

    /** Cancels a request that has not started executing. */
    public Decision cancel(String id, String actor, String reason) {
        return close(id, actor, RequestState.CANCELLED, Set.of(RequestState.RECEIVED, RequestState.ASSESSING, RequestState.AWAITING_OPERATOR,
                RequestState.QUESTION, RequestState.APPROVED), reason == null || reason.isBlank() ? "cancelled" : reason);
    }

    private Decision close(String id, String actor, RequestState to, Set<RequestState> from, String reason) {
        RequestView r = engine.store.find(id).orElse(null);
        if (r == null) return Decision.refused("no request " + id, null);
        if (!engine.transition(r, from, to, actor, reason, Map.of("result", reason, "otp_used", 1))) {
            RequestState now = engine.store.find(id).map(RequestView::state).orElse(null);
            return Decision.refused("request " + id + " is " + (now == null ? "gone" : now.wire()) + "; cannot become " + to.wire(), now);
        }
        wake();
        return Decision.done(to.wire() + " " + id, to);
    }

    /**
     * A plain-language reply from an operator whose identity the channel has already proven. Interpreted as
     * approve, deny, modify or question; anything ambiguous gets a follow-up question, never a guess.
     */
    public Decision operatorReply(String id, String actor, String text) {
        RequestView r = engine.store.find(id).orElse(null);
        if (r == null) return Decision.refused("no request " + id, null);
        if (!RequestState.OPEN_FOR_OPERATOR.contains(r.state())) return Decision.refused("request " + id + " is " + r.state().wire() + "; the first answer already won", r.state());
        ReplyIntent intent = interpreter.interpret(r, text);
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_REPLY_INTERPRETED, actor, "requestId", id, "intent", intent.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        return switch (intent) {
            case ReplyIntent.Approve a -> approve(id, actor, r.actionHash());
            case ReplyIntent.Deny d -> deny(id, actor, d.reason().isBlank() ? "denied by operator" : "denied: " + d.reason());
            case ReplyIntent.Question q -> {
                boolean ok = engine.transition(r, RequestState.OPEN_FOR_OPERATOR, RequestState.QUESTION, actor, "operator asked: " + q.question(), Map.of());
                wake();
                yield ok ? Decision.done("question passed to the admin agent", RequestState.QUESTION) : Decision.refused("request changed concurrently", r.state());
            }
            case ReplyIntent.Modify m -> modify(r, actor, m);
            case ReplyIntent.Ambiguous amb -> {
                engine.sendAll(ApprovalMessages.followUp(r, amb.followUp(), engine.proofs.code(r.id())));
                yield Decision.refused(ASKED_TO_CLARIFY, r.state());
            }
        };
    }

    private Decision modify(RequestView r, String actor, ReplyIntent.Modify m) {
        HostChangeRequest changed = new HostChangeRequest(r.request().requester(), r.request().summary() + " (modified)",
                r.request().rationale() + "\n\nModified by the operator: " + (m.note() == null ? "" : m.note()), m.actions(), r.request().urgency(),
                r.request().session());
        String newId = engine.insert("modify:" + r.id() + ":" + RequestCodec.hash(m.actions()), changed, r.id(), actor);
        if (newId == null) return Decision.refused("this modification was already filed", r.state());
        engine.transition(r, RequestState.OPEN_FOR_OPERATOR, RequestState.CANCELLED, actor, "superseded by modified request " + newId,
                Map.of("result", "superseded by " + newId, "otp_used", 1));
        wake();
        return new Decision(true, "filed modified request " + newId + "; it needs its own approval", RequestState.CANCELLED, newId);
    }

    /**
     * The gateway's {@code POST /broker/approve} handler: a broker-signed link approves exactly that hash, and only
     * with the request's page code typed on the page ({@link #pageCode}: shown in the admin bot's chat and by
     * {@code request show}, never in mail), so whoever merely holds the link or the approval mail (a forwarded
     * mail, a proxy log) cannot approve.
     */
    public Decision approveByLink(String id, String hash, String signature, String code) {
        if (id == null || hash == null || !engine.proofs.linkValid(id, hash, signature)) {
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_APPROVAL_REJECTED, "link", "requestId", String.valueOf(id), "reason", "bad link signature"));
            return Decision.refused("invalid approval link", null);
        }
        if (engine.store.flags(id).otpUsed() || !engine.proofs.pageCodeValid(id, code)) {
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_APPROVAL_REJECTED, "link", "requestId", id, "reason", "missing or wrong one-time code"));
            return Decision.refused("the one-time code is missing, wrong or already used; nothing was approved", engine.store.find(id).map(RequestView::state).orElse(null));
        }
        return approve(id, "operator:link", hash);
    }

    /** True when {@code text} carries the request's one-time code and the code has not been used. */
    public boolean codeValid(String id, String text) {
        RequestView r = engine.store.find(id).orElse(null);
        return r != null && !engine.store.flags(id).otpUsed() && engine.proofs.textContainsCode(id, text);
    }

    /** The one-time code a mail reply about request {@code id} must carry; for answers mailed to the operator only. */
    public String replyCode(String id) {
        return engine.proofs.code(id);
    }

    /** The code the approve page asks for; for {@code request show} and channels that prove the operator themselves. */
    public String pageCode(String id) {
        return engine.proofs.pageCode(id);
    }

    /** True when this inbound operator message key was already acted on (a replay). */
    public boolean seenBefore(String messageKey) {
        return engine.store.operatorMessageSeen(messageKey);
    }

    /** Records an inbound operator message key; false when it was seen before (a replay). */
    public boolean firstSighting(String messageKey, String requestId) {
        return engine.store.consumeOperatorMessage(messageKey, requestId, clock.instant());
    }

    /** Stores one admin run's transcript under its run id, with the request it serves or, when {@code requestId} is null, as its own record. */
    public void keepTranscript(String requestId, String runId, String trigger, String transcript) {
        engine.store.addTranscript(requestId, runId, trigger, transcript, clock.instant());
    }

    /** Admin agent transcripts kept with the request (assessment runs and {@link #keepTranscript} runs). */
    public List<String> transcripts(String id) {
        return engine.store.transcripts(id);
    }

    /** One admin run's transcript by run id ({@code adm_...}), with a heading naming its trigger, time and request. */
    public Optional<String> runTranscript(String runId) {
        return engine.store.runTranscript(runId);
    }

    /** Headings of the latest admin runs that served no request (admin bot, operator e-mail, timers), newest first. */
    public List<String> unattachedRuns(int limit) {
        return engine.store.unattachedRuns(limit);
    }

    /** Executions recorded for a request in state {@code DONE}; for tests and {@code request show}. */
    int executedActions(String id) {
        return engine.ledger.count(id, ExecutionLedger.State.DONE);
    }

    @Override
    public synchronized void close() throws IOException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        engine.intake.close();
    }
}
