package dev.clawdbot.agent;

import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.tool.Tool;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A gateway on a temp SQLite database with a scripted router; closes everything afterwards. */
final class Fixture implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T21:00:00Z"), ZoneOffset.UTC);

    final Path configDir;
    final Database db;
    final ScriptedRouter router = new ScriptedRouter();
    final Recorder.Events events = new Recorder.Events();
    final AgentGateway gateway;

    /** Blocks messages containing "IGNORE PREVIOUS", wraps untrusted content in visible markers. */
    static final ContentGuard GUARD = new ContentGuard() {
        @Override
        public GuardVerdict screen(String text, ContentSource source) {
            if (text.contains("IGNORE PREVIOUS")) return new GuardVerdict(false, text, Map.of("injection", 0.99), List.of("injection"));
            return new GuardVerdict(true, text.replace("alice@example.com", "[EMAIL_1]"), Map.of(), List.of());
        }

        @Override
        public String wrapUntrusted(String content, ContentSource source) {
            return "<<untrusted " + source.label() + ">>" + content + "<<end>>";
        }
    };

    Fixture(Path dir, AgentsConfig config, List<? extends Tool> tools) {
        this(dir, config, tools, GUARD);
    }

    Fixture(Path dir, AgentsConfig config, List<? extends Tool> tools, ContentGuard guard) {
        this.configDir = dir.resolve("config");
        this.db = Database.sqlite(dir.resolve("data/clawdbot.db"));
        this.gateway = Agents.create(config, configDir, db, router, tools, guard, events, CLOCK);
    }

    Fixture(Path dir) {
        this(dir, AgentsConfig.DEFAULTS, List.of());
    }

    static InboundMessage msg(String peer, String text) {
        return new InboundMessage(null, new Caller("telegram", peer, null), text, CLOCK.instant(), false);
    }

    Recorder send(String peer, String text) {
        Recorder r = new Recorder();
        gateway.submit(msg(peer, text), r);
        return r;
    }

    String ask(String peer, String text) {
        return send(peer, text).awaitReply().text();
    }

    SessionInfo session(String peer) {
        return gateway.sessions().findActive(SessionInfo.key("dakota", "telegram", peer)).orElseThrow();
    }

    List<StoredTurn> turns(String peer) {
        return gateway.sessions().turnsAfter(session(peer).id(), 0);
    }

    @Override
    public void close() {
        gateway.close(java.time.Duration.ofSeconds(5));
        db.close();
    }
}
