package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.bridge.BridgeRefusedException;
import dev.clawdbot.broker.render.ApprovalMessages;
import dev.clawdbot.broker.render.ApprovalText;
import dev.clawdbot.broker.render.CurrentFiles;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.broker.spool.SpoolIntake;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.llm.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Drives requests through the state machine. Every step is a conditional transition committed before its
 * side effect, and every side effect is either idempotent (assessment, notices) or guarded by the execution
 * ledger (actions), so re-running a pass after a crash in any state resumes without doing anything twice.
 */
final class RequestEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RequestEngine.class);
    static final List<RequestState> ACTIVE = List.of(RequestState.RECEIVED, RequestState.ASSESSING, RequestState.AWAITING_OPERATOR,
            RequestState.QUESTION, RequestState.APPROVED, RequestState.EXECUTING);

    private final BrokerConfig config;
    final RequestStore store;
    final ExecutionLedger ledger;
    final SpoolIntake intake;
    private final Assessor assessor;
    private final ModelCalls model;
    private final ActionExecutor executor;
    private final List<OperatorChannel> channels;
    private final RequesterNotifier notifier;
    final ApprovalProofs proofs;
    private final EventSink events;
    private final Clock clock;

    RequestEngine(BrokerConfig config, RequestStore store, ExecutionLedger ledger, SpoolIntake intake, ModelCalls model,
                  ActionExecutor executor, List<OperatorChannel> channels, RequesterNotifier notifier, EventSink events, Clock clock) {
        this.config = config;
        this.store = store;
        this.ledger = ledger;
        this.intake = intake;
        this.model = model;
        this.assessor = new Assessor(model);
        this.executor = executor;
        this.channels = List.copyOf(channels);
        this.notifier = notifier;
        this.proofs = new ApprovalProofs(config.linkSecret(), config.linkBaseUrl());
        this.events = events;
        this.clock = clock;
    }

    /** One full pass: take in new files, advance every active request, tell requesters about finished ones. */
    synchronized void pass() {
        try {
            intake.scan(a -> insert(a.intakeKey(), a.request(), null, "requester:" + a.request().requester()) != null);
        } catch (IOException e) {
            LOG.warn("request spool scan failed: {}", e.getMessage());
        }
        for (RequestView r : store.inStates(ACTIVE)) {
            try {
                advance(r);
            } catch (RuntimeException e) {
                LOG.warn("request {} could not advance: {}", r.id(), e.toString());
                events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_REQUEST_ERROR, "broker", "requestId", r.id(), "error", e.getClass().getSimpleName()));
            }
        }
        for (RequestView r : store.finishedUnnotified()) tellRequester(r);
    }

    /** Inserts a request; returns its id, or null when this intake key was already taken in. */
    String insert(String intakeKey, HostChangeRequest r, String parentId, String actor) {
        String id = "req_" + RequestCodec.sha256(intakeKey).substring(0, 16);
        String token = "CB-" + RequestCodec.sha256(id + ":token").substring(0, 10).toUpperCase(Locale.ROOT);
        Instant now = clock.instant();
        if (!store.insert(id, intakeKey, r, token, RequestCodec.sha256(proofs.code(id)), now, now.plus(config.expiry()), parentId, actor)) return null;
        transitionEvent(id, null, RequestState.RECEIVED, actor, "request received");
        events.emit(Event.of(now, BrokerEvents.BROKER_REQUEST_RECEIVED, actor, "requestId", id, "actions", r.actions().size(), "urgency", r.urgency().name()));
        return id;
    }

    boolean transition(RequestView r, Set<RequestState> from, RequestState to, String actor, String reason, Map<String, Object> cols) {
        boolean ok = store.transition(r.id(), from, to, actor, reason, clock.instant(), cols);
        if (ok) transitionEvent(r.id(), r.state(), to, actor, reason);
        return ok;
    }

    private void transitionEvent(String id, RequestState from, RequestState to, String actor, String reason) {
        int level = switch (to) {
            case APPROVED, DENIED, EXECUTING -> 5;
            case FAILED, EXPIRED -> 7;
            default -> 3;
        };
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_REQUEST_TRANSITION, level, actor, "requestId", id,
                "from", from == null ? "" : from.wire(), "to", to.wire(), "reason", reason.length() > 200 ? reason.substring(0, 200) : reason));
    }

    private void advance(RequestView r) {
        if (RequestState.OPEN_FOR_OPERATOR.contains(r.state()) && !clock.instant().isBefore(r.expiresAt())) {
            transition(r, RequestState.OPEN_FOR_OPERATOR, RequestState.EXPIRED, "broker", "no operator decision before " + r.expiresAt() + "; not approved",
                    Map.of("result", "expired"));
            return;
        }
        switch (r.state()) {
            case RECEIVED -> {
                if (transition(r, Set.of(RequestState.RECEIVED), RequestState.ASSESSING, "broker", "assessment started", Map.of())) {
                    advanceFresh(r.id());
                }
            }
            case ASSESSING -> assess(r);
            case AWAITING_OPERATOR -> awaitOperator(r);
            case QUESTION -> answerQuestion(r);
            case APPROVED -> {
                if (!r.actionHash().equals(r.approvedHash()) || !r.actionHash().equals(RequestCodec.hash(r.actions()))) {
                    transition(r, Set.of(RequestState.APPROVED), RequestState.FAILED, "broker", "approval does not bind to these exact actions; refused",
                            Map.of("result", "refused: approval hash mismatch"));
                    return;
                }
                if (transition(r, Set.of(RequestState.APPROVED), RequestState.EXECUTING, "broker", "executing approved actions", Map.of())) {
                    advanceFresh(r.id());
                }
            }
            case EXECUTING -> execute(r);
            default -> {
            }
        }
    }

    private void advanceFresh(String id) {
        store.find(id).ifPresent(this::advance);
    }

    private void assess(RequestView r) {
        Assessor.Result a = assessor.assess(r);
        store.addTranscript(r.id(), null, "broker-request", a.transcript(), clock.instant());
        String risk = a.risk().name().toLowerCase(Locale.ROOT);
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_REQUEST_ASSESSED, a.risk() == RiskRules.Risk.HIGH ? 5 : 3, "admin",
                "requestId", r.id(), "risk", risk));
        AutoApproveRule rule = a.risk() == RiskRules.Risk.LOW
                ? config.autoApprove().stream().filter(x -> r.actions().stream().allMatch(x::covers)).findFirst().orElse(null) : null;
        if (rule != null) {
            transition(r, Set.of(RequestState.ASSESSING), RequestState.APPROVED, "policy:" + rule.name(), "low risk, covered by auto-approve rule " + rule.name(),
                    Map.of("risk", risk, "assessment", a.text(), "approved_hash", r.actionHash(), "approved_by", "policy:" + rule.name()));
        } else {
            transition(r, Set.of(RequestState.ASSESSING), RequestState.AWAITING_OPERATOR, "broker", risk + " risk; operator approval required",
                    Map.of("risk", risk, "assessment", a.text()));
        }
        advanceFresh(r.id());
    }

    private void awaitOperator(RequestView r) {
        Instant now = clock.instant();
        RequestStore.Flags f = store.flags(r.id());
        if (!f.operatorNotified()) {
            if (sendAll(ApprovalMessages.ask(r, proofs.code(r.id()), proofs.pageCode(r.id()), proofs.link(r.id(), r.actionHash())))) {
                store.set(r.id(), Map.of("outbound_msg_id", "sent:" + now), now);
            }
        } else if (!f.reminderSent() && !now.isBefore(r.expiresAt().minus(config.reminderBefore()))) {
            if (sendAll(ApprovalMessages.reminder(r, proofs.code(r.id()), proofs.pageCode(r.id()), proofs.link(r.id(), r.actionHash())))) {
                store.set(r.id(), Map.of("reminder_sent", 1), now);
                events.emit(Event.of(now, BrokerEvents.BROKER_REQUEST_REMINDED, "broker", "requestId", r.id(), "expiresAt", r.expiresAt().toString()));
            }
        }
    }

    private void answerQuestion(RequestView r) {
        List<RequestStore.Transition> ts = store.transitions(r.id());
        String question = ts.isEmpty() ? "" : ts.getLast().reason().replaceFirst("^operator asked: ", "");
        String answer;
        try {
            answer = model.complete("broker:" + r.id(), "You are the system administrator agent. Answer the operator's question about this"
                    + " request briefly and factually. Do not change the request.",
                    "Request summary: " + UntrustedText.inline(r.request().summary()) + "\nActions:\n" + describe(r) + "\nAssessment: " + r.assessment() + "\n"
                            + ModelCalls.untrusted("requester's rationale", r.request().rationale()) + "\n"
                            + ModelCalls.untrusted("operator question", question), 800).strip();
        } catch (ModelException e) {
            answer = "";
        }
        if (answer.isEmpty()) answer = "The admin agent could not answer automatically. The requester's rationale was: " + r.request().rationale();
        // Both are untrusted (the model read the requester's words): quoted lines, so no line can pass for an action.
        String text = "You asked:\n" + String.join("\n", ApprovalText.quote(question)) + "\n\nThe admin agent's answer (model-written; the actions"
                + " are only those in the approval request, hash " + r.actionHash() + "):\n" + String.join("\n", ApprovalText.quote(answer))
                + "\n\nReply yes to approve exactly the listed actions, or no to deny.";
        if (sendAll(ApprovalMessages.followUp(r, text, proofs.code(r.id())))) {
            transition(r, Set.of(RequestState.QUESTION), RequestState.AWAITING_OPERATOR, "admin", "question answered", Map.of());
        }
    }

    private void execute(RequestView r) {
        List<ProposedAction> actions = r.actions();
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < actions.size(); i++) {
            ProposedAction a = actions.get(i);
            String actionHash = RequestCodec.hash(List.of(a));
            String key = r.id() + ":" + i + ":" + actionHash;
            ExecutionLedger.State s = ledger.state(key);
            if (s == ExecutionLedger.State.DONE) {
                result.append(i + 1).append(". ").append(a.describe()).append(": done (before restart)\n");
                continue;
            }
            if (s != null) {
                if (s == ExecutionLedger.State.STARTED) ledger.finish(key, ExecutionLedger.State.INTERRUPTED, null, "interrupted by a restart", clock.instant());
                fail(r, result.append(i + 1).append(". ").append(a.describe()).append(": ")
                        .append(s == ExecutionLedger.State.STARTED ? "interrupted by a restart; not run again" : "failed").toString());
                return;
            }
            if (!ledger.start(key, r.id(), i, actionHash, clock.instant())) {
                fail(r, result.append("action ").append(i + 1).append(" was claimed concurrently; not run").toString());
                return;
            }
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_ACTION_STARTED, "admin", "requestId", r.id(), "index", i, "key", key));
            ActionExecutor.Result out;
            try {
                out = executor.execute(a, key);
            } catch (Exception e) {
                out = new ActionExecutor.Result(-1, "executor error: " + e.getMessage());
            }
            ledger.finish(key, out.ok() ? ExecutionLedger.State.DONE : ExecutionLedger.State.FAILED, out.exitCode(), out.output(), clock.instant());
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_ACTION_FINISHED, out.ok() ? 3 : 7, "admin", "requestId", r.id(), "index", i, "exitCode", out.exitCode()));
            result.append(i + 1).append(". ").append(a.describe()).append(": exit ").append(out.exitCode());
            String tail = out.output().strip();
            if (!tail.isEmpty()) result.append("\n   ").append(tail.length() > 500 ? tail.substring(tail.length() - 500) : tail);
            result.append('\n');
            if (!out.ok()) {
                fail(r, result.toString());
                return;
            }
        }
        transition(r, Set.of(RequestState.EXECUTING), RequestState.DONE, "admin", "all approved actions done", Map.of("result", result.toString()));
    }

    private void fail(RequestView r, String result) {
        transition(r, Set.of(RequestState.EXECUTING), RequestState.FAILED, "admin", "an action failed; the rest were not run", Map.of("result", result));
    }

    private void tellRequester(RequestView r) {
        String text = "Your request " + r.id() + switch (r.state()) {
            case DONE -> " was approved and done.";
            case FAILED -> " was approved, but an action failed; the rest were not run.";
            case DENIED -> " was denied by the operator; nothing was done.";
            case EXPIRED -> " expired without an operator decision; nothing was done.";
            default -> " was cancelled; nothing was done.";
        };
        // The summary, the reason and the command output are not the admin side's words: they travel quoted.
        String quoted = "Your summary: " + r.request().summary() + (r.result() == null || r.result().isBlank() ? "" : "\nResult: " + r.result());
        if (r.request().session() == null) {
            // Filed by hand: no conversation asked, and a note for every session of the agent would tell every user.
            unreachable(r, "no requester session (filed by hand); no bridge note sent");
            return;
        }
        try {
            notifier.notify(new RequesterNotifier.Outcome(r.request().requester(), r.request().session(), r.id(), text, quoted));
            if (r.state() == RequestState.DONE || r.state() == RequestState.FAILED) sendAll(ApprovalMessages.outcome(r));
            store.set(r.id(), Map.of("requester_notified", 1), clock.instant());
        } catch (BridgeRefusedException | IllegalArgumentException e) {
            // Permanent: the requester is not a reachable agent (an unknown agent id, a refused note).
            unreachable(r, String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_NOTIFY_FAILED, "broker", "requestId", r.id(), "target", "requester",
                    "error", String.valueOf(e.getMessage()), "permanent", false));
        }
    }

    private void unreachable(RequestView r, String why) {
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_NOTIFY_FAILED, 7, "broker", "requestId", r.id(), "target", "requester",
                "error", why, "permanent", true));
        if (r.state() == RequestState.DONE || r.state() == RequestState.FAILED) sendAll(ApprovalMessages.outcome(r));
        store.set(r.id(), Map.of("requester_notified", 1), clock.instant());
    }

    /** Sends to every channel; true if at least one took it. */
    boolean sendAll(ApprovalMessage n) {
        boolean any = channels.isEmpty();
        for (OperatorChannel c : channels) {
            try {
                c.send(n);
                any = true;
            } catch (Exception e) {
                LOG.warn("operator channel {} failed: {}", c.name(), e.getMessage());
                events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_NOTIFY_FAILED, "broker", "requestId", n.request().id(), "target", c.name(),
                        "error", e.getClass().getSimpleName()));
            }
        }
        return any;
    }

    /** The admin agent's view of the actions: the same blocks the operator sees, every content in full. */
    static String describe(RequestView r) {
        StringBuilder sb = new StringBuilder();
        for (String l : ApprovalText.actionLines(ApprovalText.blocks(r.actions(), CurrentFiles.LOCAL), ApprovalText.Long.FULL)) sb.append(l).append('\n');
        return sb.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
