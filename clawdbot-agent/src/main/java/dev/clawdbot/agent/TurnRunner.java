package dev.clawdbot.agent;

import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ExternalContentScreen;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;
import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.ContentBlock;
import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.ModelRequest;
import dev.clawdbot.llm.ModelResponse;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.Usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run: system prompt, history, model call, tools, repeat until a final answer or the step limit, then one
 * atomic commit. Anything that goes wrong before the commit leaves the session exactly as it was.
 */
final class TurnRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TurnRunner.class);

    private final AgentsConfig config;
    private final Path configDir;
    private final SessionStore store;
    private final ModelRouter router;
    private final ToolRegistry tools;
    private final ContentGuard guard;
    private final EventSink events;
    private final Clock clock;
    private final Compactor compactor;
    private final AgentNotes notes;
    private final ExternalContentScreen outputScreen;
    private final Map<String, Integer> lastPromptSize = new ConcurrentHashMap<>();
    private final SystemPrompt.Cache prompts = new SystemPrompt.Cache();

    TurnRunner(AgentsConfig config, Path configDir, SessionStore store, ModelRouter router, ToolRegistry tools,
               ContentGuard guard, EventSink events, Clock clock, Compactor compactor, AgentNotes notes, ExternalContentScreen outputScreen) {
        this.config = config;
        this.configDir = configDir;
        this.store = store;
        this.router = router;
        this.tools = tools;
        this.guard = guard;
        this.events = events;
        this.clock = clock;
        this.compactor = compactor;
        this.notes = notes;
        this.outputScreen = outputScreen;
    }

    /** The agent's system prompt now; emits {@code prompt.measured} whenever its size changes. */
    SystemPrompt.Assembled prompt(String agentId) {
        SystemPrompt.Assembled p = prompts.get(configDir, agentId, config.agent(agentId));
        Integer before = lastPromptSize.put(agentId, p.chars());
        if (before == null || before != p.chars()) {
            events.emit(Event.of(clock.instant(), AgentEvents.PROMPT_MEASURED, "agent:" + agentId, "agent", agentId,
                    "chars", p.chars(), "estimatedTokens", p.estimatedTokens()));
        }
        return p;
    }

    static ModelRouter.RouteContext route(String agentId, AgentConfig agent, SessionInfo s) {
        return new ModelRouter.RouteContext(agentId, s.key(), s.modelOverride() != null ? s.modelOverride() : agent.model());
    }

    /** Estimated tokens the next request of this session would send, without the new user message. */
    long contextEstimate(String agentId, SessionInfo s) {
        SystemPrompt.Assembled p = prompts.get(configDir, agentId, config.agent(agentId));
        List<ChatMessage> history = flatten(store.turnsAfter(s.id(), s.compactedThrough()));
        return Tokens.estimate(SystemPrompt.withSummary(p.text(), s.summary()), history, tools.chars(tools.specsFor(config.agent(agentId).tools())));
    }

    /**
     * Runs and commits one turn; returns the reply for the caller to deliver. Output is screened as
     * {@code source}, the inbound message's source, so that the guard restores that conversation's PII
     * placeholders. With an {@code idempotencyKey}, the key and the reply are committed with the turn; when the
     * key turns out to be committed already (by another process), nothing is written and that reply is returned.
     */
    Reply run(String agentId, SessionStore.Opened opened, Caller caller, String userText, ContentSource source,
              String idempotencyKey, ReplyListener listener, ActiveRun active) throws ModelException {
        SessionInfo session = opened.session();
        AgentConfig agent = config.agent(agentId);
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        SystemPrompt.Assembled prompt = prompt(agentId);
        List<ToolSpec> specs = tools.specsFor(agent.tools());
        ModelRouter.RouteContext route = route(agentId, agent, session);
        ChatMessage user = ChatMessage.user(userText);

        List<ChatMessage> history = flatten(opened.history());
        SessionInfo compacted = compactIfNeeded(session, prompt, specs, route, history, user, caller, active);
        if (compacted != session) {
            session = compacted;
            history = flatten(store.turnsAfter(session.id(), session.compactedThrough()));
        }
        String system = AgentNotes.withNotes(SystemPrompt.withSummary(prompt.text(), session.summary()), notes.recent(agentId, session.key()), guard);

        List<ChatMessage> turn = new ArrayList<>();
        turn.add(user);
        Streamer streamer = new Streamer(listener, t -> guard.screenOutput(t, source));
        Usage usage = Usage.ZERO;
        String model = null;
        int toolCalls = 0;
        boolean finished = false;
        int step = 0;
        while (step < agent.maxSteps()) {
            step++;
            active.check();
            List<ChatMessage> messages = new ArrayList<>(history);
            messages.addAll(turn);
            streamer.beginStep();
            ModelResponse r;
            try {
                r = router.complete(route, new ModelRequest("", system, messages, specs, agent.maxTokens(), null, null), streamer);
            } catch (ModelException e) {
                active.check();
                throw e;
            }
            active.check();
            usage = usage.plus(r.usage() == null ? Usage.ZERO : r.usage());
            model = r.model();
            streamer.endStep(r.text());
            List<ContentBlock> content = r.content().isEmpty() ? List.of(new ContentBlock.Text("")) : r.content();
            turn.add(new ChatMessage(ChatMessage.Role.ASSISTANT, content));
            List<ContentBlock.ToolUse> uses = r.toolUses();
            if (uses.isEmpty()) {
                finished = true;
                break;
            }
            List<ContentBlock> results = new ArrayList<>();
            for (ContentBlock.ToolUse u : uses) {
                results.add(execute(agentId, agent, session, caller, u, listener, active, started));
                toolCalls++;
                active.check();
            }
            turn.add(new ChatMessage(ChatMessage.Role.USER, results));
        }
        if (!finished) {
            String limit = "I stopped after " + agent.maxSteps() + " model steps without reaching a final answer (limit: agents."
                    + agentId + ".maxSteps). Ask me to continue, or raise the limit.";
            streamer.beginStep();
            streamer.endStep(limit);
            turn.add(ChatMessage.assistant(limit));
            events.emit(Event.of(clock.instant(), AgentEvents.TURN_STEP_LIMIT, caller.id(), "agent", agentId, "session", session.key(),
                    "maxSteps", agent.maxSteps()));
        }
        String text = streamer.finish();
        active.check();
        int seq;
        if (idempotencyKey == null) {
            seq = store.commitTurn(session.id(), started, model, usage.inputTokens(), usage.outputTokens(), turn);
        } else {
            SessionStore.Commit c = store.commitTurnOnce(new SessionStore.NewTurn(session.id(), started, model, usage.inputTokens(),
                    usage.outputTokens(), turn), session.key(), new SessionStore.MessageKey(agentId, caller.channel(), idempotencyKey), text);
            if (c.earlier() != null) {
                events.emit(Event.of(clock.instant(), AgentEvents.TURN_DEDUPLICATED, caller.id(), "agent", agentId,
                        "session", session.key(), "channel", caller.channel(), "stage", "commit"));
                // What was streamed of this run is not the reply that stands.
                listener.onAttemptDiscarded("already answered");
                if (!c.earlier().text().isEmpty()) listener.onDelta(c.earlier().text());
                return c.earlier();
            }
            seq = c.seq();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        events.emit(Event.of(clock.instant(), AgentEvents.TURN_COMPLETED, caller.id(), "agent", agentId, "session", session.key(),
                "turn", seq, "model", model, "inputTokens", usage.inputTokens(), "outputTokens", usage.outputTokens(),
                "durationMs", ms, "steps", step, "toolCalls", toolCalls, "finished", finished,
                "promptChars", prompt.chars(), "promptTokens", prompt.estimatedTokens()));
        return new Reply(session.key(), text, model, false, usage.inputTokens(), usage.outputTokens());
    }

    private SessionInfo compactIfNeeded(SessionInfo session, SystemPrompt.Assembled prompt, List<ToolSpec> specs,
                                        ModelRouter.RouteContext route, List<ChatMessage> history, ChatMessage user,
                                        Caller caller, ActiveRun active) {
        List<ChatMessage> next = new ArrayList<>(history);
        next.add(user);
        long estimate = Tokens.estimate(SystemPrompt.withSummary(prompt.text(), session.summary()), next, tools.chars(specs));
        int window = router.contextWindow(route);
        if (estimate < (long) (window * config.compactionThreshold())) return session;
        try {
            return compactor.compact(session, route, caller.id(), true).session();
        } catch (ModelException e) {
            active.check();
            // The turn may still fit; a failed summary is reported and the run goes on uncompacted.
            events.emit(Event.of(clock.instant(), AgentEvents.SESSION_COMPACTION_FAILED, caller.id(), "session", session.key(),
                    "kind", e.kind().name(), "estimatedTokens", estimate, "contextWindow", window));
            return session;
        }
    }

    private ContentBlock.ToolResult execute(String agentId, AgentConfig agent, SessionInfo session, Caller caller,
                                            ContentBlock.ToolUse use, ReplyListener listener, ActiveRun active, Instant started) {
        listener.onToolStarted(use.name());
        long t0 = System.nanoTime();
        Optional<Tool> tool = tools.lookup(use.name(), agent.tools());
        ToolResult result;
        if (tool.isEmpty()) {
            result = ToolResult.error("Tool '" + use.name() + "' is not available to this agent.");
        } else {
            Duration left = agent.maxTurnDuration().minus(Duration.between(started, clock.instant()));
            ToolContext ctx = new ToolContext(agentId, session.key(), caller, workspace(agentId, agent), left.isNegative() ? Duration.ZERO : left);
            result = invoke(tool.get(), use, ctx, active);
        }
        ExternalContentScreen.Screened screened = result.untrusted()
                ? outputScreen.screen(agentId, session.key(), caller.id(), use.name(), result.content())
                : new ExternalContentScreen.Screened(result.content(), null);
        String content = screened.content();
        events.emit(Event.of(clock.instant(), AgentEvents.TOOL_CALLED, tool.isEmpty() ? 6 : 3, caller.id(), "agent", agentId,
                "session", session.key(), "tool", use.name(), "durationMs", (System.nanoTime() - t0) / 1_000_000,
                "isError", result.isError(), "denied", tool.isEmpty(), "untrusted", result.untrusted(), "outputChars", content.length(),
                "withheld", screened.withheldId() != null));
        return new ContentBlock.ToolResult(use.id(), content, result.isError());
    }

    /**
     * Runs the tool on its own platform thread and waits interruptibly, at most until the turn's deadline, so that
     * /stop and the deadline free the session's lane even when a tool ignores interrupts. Not a virtual thread: a
     * tool that computes without blocking (a runaway regex did) pins its carrier, and two of them took both carriers
     * of a 2-core machine, starving every lane, the deadline's wake-up and the HTTP server's /healthz. A platform
     * thread is preempted by the OS; one that outlives its turn is interrupted and abandoned.
     */
    private static final Duration DEADLINE_GRACE = Duration.ofSeconds(1);

    private static ToolResult invoke(Tool tool, ContentBlock.ToolUse use, ToolContext ctx, ActiveRun active) {
        CompletableFuture<ToolResult> f = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().daemon().name("tool-" + use.name()).start(() -> {
            try {
                f.complete(tool.invoke(use.input(), ctx));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            // The gateway's deadline timer cancels the run first; this bound is the backstop should it not.
            ToolResult r = f.get(ctx.timeLeft().plus(DEADLINE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            return r == null ? ToolResult.error("Tool '" + use.name() + "' returned nothing.") : r;
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            active.check();
            return ToolResult.error("Tool '" + use.name() + "' was interrupted.");
        } catch (TimeoutException e) {
            worker.interrupt();
            active.check();
            return ToolResult.error("Tool '" + use.name() + "' did not finish before the turn's deadline.");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Error err && !(c instanceof StackOverflowError)) throw err;
            return ToolResult.error("Tool '" + use.name() + "' failed: " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        }
    }

    /** The agent's workspace, created private on first use so the first tool call finds it. */
    private Path workspace(String agentId, AgentConfig agent) {
        Path ws = Agents.workspace(configDir, agentId, agent);
        if (!Files.isDirectory(ws)) {
            try {
                Files.createDirectories(ws);
                Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warn("cannot create workspace {}: {}", ws, e.toString());
            }
        }
        return ws;
    }

    static List<ChatMessage> flatten(List<StoredTurn> turns) {
        List<ChatMessage> out = new ArrayList<>();
        for (StoredTurn t : turns) out.addAll(t.messages());
        return out;
    }
}
