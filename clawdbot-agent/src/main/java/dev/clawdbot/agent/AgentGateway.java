package dev.clawdbot.agent;

import dev.clawdbot.core.Timers;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.ExternalContentScreen;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.core.storage.StorageException;
import dev.clawdbot.llm.ModelException;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline every inbound message goes through: resolve the agent, key the session (agent, channel, peer),
 * queue on the session's lane, screen with the guard, then answer a slash command or run the agent. Create it
 * with {@link Agents#create}; {@link #close()} drains the lanes.
 */
public final class AgentGateway implements ChatService, AutoCloseable {

    static final String BLOCKED_REPLY = ContentGuard.DEFAULT_BLOCKED_NOTICE;

    private final AgentsConfig config;
    private final SessionStore store;
    private final ContentGuard guard;
    private final EventSink events;
    private final Clock clock;
    private final TurnRunner runner;
    private final SlashCommands commands;
    private final AgentNotes notes;
    private final ExternalContentScreen quoteScreen;
    private final Lanes lanes;
    private final Map<String, ActiveRun> running = new ConcurrentHashMap<>();
    private final InFlight inFlight = new InFlight(t -> internalError("listener", t));
    private final ScheduledExecutorService deadlines;
    private volatile boolean closed;
    private volatile boolean aborted;

    AgentGateway(AgentsConfig config, SessionStore store, ContentGuard guard, EventSink events, Clock clock,
                 TurnRunner runner, SlashCommands commands, AgentNotes notes, ExternalContentScreen quoteScreen) {
        this.config = config;
        this.store = store;
        this.guard = guard;
        this.events = events;
        this.clock = clock;
        this.runner = runner;
        this.commands = commands;
        this.notes = notes;
        this.quoteScreen = quoteScreen;
        this.lanes = new Lanes(config.maxConcurrentRuns(), config.maxQueuedPerSession(), t -> internalError("lane", t));
        this.deadlines = Timers.daemon("turn-deadlines");
    }

    /**
     * {@inheritDoc}
     *
     * <p>A message with an idempotency key runs at most once: while an earlier submission of the key is queued
     * or running, this one gets that run's outcome; once a turn was committed under the key, this one gets the
     * committed reply again, without a model call.
     */
    @Override
    public void submit(InboundMessage message, ReplyListener replyListener) {
        String agentId = config.resolve(message.agent());
        String key = SessionInfo.key(agentId, message.caller().channel(), message.caller().sessionPeer());
        if (closed) {
            replyListener.onError(new ChatError("shutting_down", "The gateway is shutting down; send the message again in a moment."));
            return;
        }
        if (message.text().isBlank()) {
            replyListener.onError(new ChatError("empty_message", "The message is empty; send some text."));
            return;
        }
        ReplyListener listener = replyListener;
        if (message.idempotencyKey() != null) {
            listener = inFlight.register(InFlight.key(agentId, message.caller().channel(), message.idempotencyKey()), replyListener);
            if (listener == null) {
                deduplicated(agentId, key, message, "in_flight");
                return;
            }
        }
        ReplyListener out = listener;
        Command cmd = Command.parse(message.text());
        if (cmd != null && cmd.name().immediate()) {
            Thread.ofVirtual().name("command-" + key).start(() -> command(cmd, agentId, key, message, out));
            return;
        }
        if (!lanes.submit(key, () -> process(cmd, agentId, key, message, out))) {
            events.emit(Event.of(clock.instant(), AgentEvents.MESSAGE_REJECTED, message.caller().id(), "agent", agentId,
                    "session", key, "reason", "queue_full", "limit", config.maxQueuedPerSession()));
            listener.onError(new ChatError("queue_full", "Too many messages are waiting in this conversation (limit "
                    + config.maxQueuedPerSession() + "). Wait for the current reply, then send again."));
        }
    }

    /** Messages waiting behind the running one in a session's lane. */
    public int queueDepth(String sessionKey) {
        return lanes.queued(sessionKey);
    }

    /**
     * Delivers an authenticated note from the admin side (the bridge has already verified its signature). The
     * agent sees it in the system prompt, apart from chat text: in {@code session} only, or in every session when
     * that is null; {@code quoted} (text the admin side did not write: a request summary, command output) inside
     * untrusted-content markers, after the guard's indirect analysis: a quote an enforcing scanner fires on is stored
     * for the operator and the note carries the withheld notice instead ({@code tool.output_withheld}, source
     * {@code bridge-quote}). A redelivered message id is ignored.
     *
     * @return false when the note was a redelivery or names no configured agent (nothing is stored then)
     */
    public boolean deliverNote(String agentName, String messageId, String source, String requestId, String session, String text, String quoted) {
        if (agentName == null || !config.agents().containsKey(agentName)) {
            events.emit(Event.of(clock.instant(), AgentEvents.BRIDGE_NOTE_REFUSED, source, "agent", String.valueOf(agentName), "messageId", messageId,
                    "reason", "unknown agent"));
            return false;
        }
        String quote = quoted == null || notes.has(agentName, messageId) ? quoted
                : quoteScreen.screenUnwrapped(agentName, session == null ? "all" : session, source,
                        new ContentSource("bridge-quote", requestId == null ? "note" : requestId), quoted).content();
        boolean added = notes.add(agentName, messageId, source, requestId, session, text, quote);
        if (added) {
            events.emit(Event.of(clock.instant(), AgentEvents.BRIDGE_NOTE, source, "agent", agentName, "messageId", messageId,
                    "requestId", requestId, "chars", text.length(), "session", session == null ? "all" : "one"));
        }
        return added;
    }

    /** A note for every session of the agent, all of it written by the admin side. */
    public boolean deliverNote(String agentName, String messageId, String source, String requestId, String text) {
        return deliverNote(agentName, messageId, source, requestId, null, text, null);
    }

    /** The session store, for the CLI and the app's admin views. */
    public SessionStore sessions() {
        return store;
    }

    /** Stops accepting messages and waits up to 30 s for queued work; then cancels what still runs. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Like {@link #close()} with a chosen drain timeout; true when everything finished in time. */
    public boolean close(Duration drainTimeout) {
        closed = true;
        boolean drained;
        try {
            drained = lanes.awaitIdle(drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            aborted = true;
            running.values().forEach(r -> r.cancel(ActiveRun.Reason.SHUTDOWN));
        }
        deadlines.shutdownNow();
        return drained;
    }

    private void process(Command cmd, String agentId, String key, InboundMessage message, ReplyListener listener) {
        if (aborted) {
            listener.onError(new ChatError("shutting_down", "The gateway shut down before this message was handled; send it again later."));
            return;
        }
        if (message.idempotencyKey() != null && answeredBefore(agentId, key, message, listener)) return;
        ContentSource source = new ContentSource(message.fromVoice() ? "voice" : "chat", message.caller().id());
        GuardVerdict verdict;
        try {
            verdict = guard.screen(message.text(), source);
        } catch (RuntimeException e) {
            internalError("guard", e);
            listener.onError(new ChatError("guard_unavailable", "The content guard could not check this message; try again shortly."));
            return;
        }
        if (!verdict.allowed()) {
            events.emit(Event.of(clock.instant(), AgentEvents.MESSAGE_BLOCKED, message.caller().id(), "agent", agentId,
                    "session", key, "flagged", String.join(",", verdict.flagged()), "chars", message.text().length()));
            listener.onComplete(new Reply(key, guard.blockedNotice(), null, true, 0, 0));
            return;
        }
        if (cmd != null) {
            command(cmd, agentId, key, message, listener);
            return;
        }
        String text = verdict.sanitized() == null ? message.text() : verdict.sanitized();
        run(agentId, key, message, text, source, listener);
    }

    /** Delivers the reply committed under the message's idempotency key, if there is one. */
    private boolean answeredBefore(String agentId, String key, InboundMessage message, ReplyListener listener) {
        Optional<Reply> earlier;
        try {
            earlier = store.committedReply(agentId, message.caller().channel(), message.idempotencyKey());
        } catch (StorageException e) {
            internalError("store", e);
            listener.onError(new ChatError("storage_error", "The conversation store could not be read; try again."));
            return true;
        }
        if (earlier.isEmpty()) return false;
        deduplicated(agentId, key, message, "committed");
        listener.onComplete(earlier.get());
        return true;
    }

    private void deduplicated(String agentId, String key, InboundMessage message, String stage) {
        events.emit(Event.of(clock.instant(), AgentEvents.TURN_DEDUPLICATED, message.caller().id(), "agent", agentId, "session", key,
                "channel", message.caller().channel(), "stage", stage));
    }

    private void run(String agentId, String key, InboundMessage message, String text, ContentSource source, ReplyListener listener) {
        ActiveRun active = new ActiveRun(Thread.currentThread());
        running.put(key, active);
        ScheduledFuture<?> deadline = deadlines.schedule(() -> active.cancel(ActiveRun.Reason.TIMEOUT),
                config.agent(agentId).maxTurnDuration().toMillis(), TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        Reply reply = null;
        try {
            SessionStore.Opened opened = store.openWithHistory(agentId, message.caller().channel(), message.caller().sessionPeer());
            reply = runner.run(agentId, opened, message.caller(), text, source, message.idempotencyKey(), listener, active);
        } catch (ActiveRun.Cancelled c) {
            cancelled(agentId, key, message, t0, c.reason, listener);
        } catch (ModelException e) {
            if (active.cancelled() != null) {
                cancelled(agentId, key, message, t0, active.cancelled(), listener);
            } else {
                failed(agentId, key, message, t0, "model_error", e.kind().name());
                listener.onError(new ChatError("model_" + e.kind().name().toLowerCase(Locale.ROOT), e.getMessage()));
            }
        } catch (StorageException e) {
            failed(agentId, key, message, t0, "storage_error", null);
            internalError("store", e);
            listener.onError(new ChatError("storage_error", "The conversation could not be saved; nothing of this reply was kept. Try again."));
        } catch (IllegalArgumentException e) {
            // The store refused the turn: the model's output would not replay (e.g. a reused tool call id).
            failed(agentId, key, message, t0, "invalid_turn", null);
            listener.onError(new ChatError("invalid_turn", "The model's answer was malformed (" + e.getMessage()
                    + "); nothing of it was kept. Try again."));
        } catch (RuntimeException e) {
            failed(agentId, key, message, t0, "internal_error", e.getClass().getSimpleName());
            internalError("runner", e);
            listener.onError(new ChatError("internal_error", "Something went wrong on our side; nothing of this reply was kept. Try again."));
        } finally {
            deadline.cancel(false);
            running.remove(key, active);
        }
        if (reply == null) return;
        // Delivered outside the try: the turn is committed, so a failing listener must not turn it into an error.
        try {
            listener.onComplete(reply);
        } catch (RuntimeException e) {
            internalError("listener", e);
        }
    }

    private void cancelled(String agentId, String key, InboundMessage message, long t0, ActiveRun.Reason reason, ReplyListener listener) {
        failed(agentId, key, message, t0, reason.name().toLowerCase(Locale.ROOT), null);
        listener.onError(switch (reason) {
            case STOPPED -> new ChatError("stopped", "Stopped. Nothing of that reply was kept.");
            case TIMEOUT -> new ChatError("timeout", "The reply took longer than " + config.agent(agentId).maxTurnDuration()
                    + " and was cancelled. Nothing of it was kept.");
            case SHUTDOWN -> new ChatError("shutting_down", "The gateway shut down before the reply was finished.");
        });
    }

    private void command(Command cmd, String agentId, String key, InboundMessage message, ReplyListener listener) {
        SlashCommands.LaneView view = new SlashCommands.LaneView() {
            @Override
            public int queued(String k) {
                return lanes.queued(k);
            }

            @Override
            public boolean stop(String k) {
                ActiveRun r = running.get(k);
                if (r == null) return false;
                r.cancel(ActiveRun.Reason.STOPPED);
                return true;
            }
        };
        try {
            listener.onComplete(new Reply(key, commands.execute(cmd, agentId, message.caller(), view), null, false, 0, 0));
        } catch (ModelException e) {
            listener.onError(new ChatError("model_" + e.kind().name().toLowerCase(Locale.ROOT), e.getMessage()));
        } catch (RuntimeException e) {
            internalError("command", e);
            listener.onError(new ChatError("internal_error", "The command failed on our side: " + e.getClass().getSimpleName()));
        }
    }

    private void failed(String agentId, String key, InboundMessage message, long t0, String reason, String kind) {
        events.emit(Event.of(clock.instant(), AgentEvents.TURN_FAILED, message.caller().id(), "agent", agentId, "session", key,
                "reason", reason, "kind", kind, "durationMs", (System.nanoTime() - t0) / 1_000_000));
    }

    private void internalError(String where, Throwable t) {
        events.emit(Event.of(clock.instant(), AgentEvents.AGENT_ERROR, "system", "where", where, "error", t.getClass().getName()));
        org.slf4j.LoggerFactory.getLogger(AgentGateway.class).error("agent gateway error in {}", where, t);
    }
}
