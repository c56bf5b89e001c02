package dev.clawdbot.app;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxConfig;
import dev.clawdbot.sandbox.SandboxTools;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of the gateway that come from the feature modules: the guard, the tools the agents may use,
 * extra HTTP routes, and background services (channels, broker). {@link Server} owns their lifecycle.
 */
final class Components {

    private final Guard guard;
    private final List<Tool> tools;
    private final List<AutoCloseable> closeables;

    private Components(Guard guard, List<Tool> tools, List<AutoCloseable> closeables) {
        this.guard = guard;
        this.tools = tools;
        this.closeables = closeables;
    }

    static Components create(Settings settings, Database database, EventSink events, Clock clock, MeterRegistry meters) {
        Guard guard = Guard.create(settings.config().guard(), events, clock);
        List<AutoCloseable> closeables = new ArrayList<>();
        Sandbox sandbox = openSandbox(settings, events, clock);
        closeables.add(sandbox);
        List<Tool> tools = new ArrayList<>(SandboxTools.create(sandbox, events, clock));
        return new Components(guard, List.copyOf(tools), closeables);
    }

    /**
     * The sandbox, with the data and config directories added to its protected paths: the policy is refused
     * if it would expose them (they hold the database, the token and every secret file).
     */
    static Sandbox openSandbox(Settings settings, EventSink events, Clock clock) {
        SandboxConfig c = settings.config().sandbox();
        List<java.nio.file.Path> protectedPaths = new ArrayList<>(c.protectedPaths());
        protectedPaths.add(settings.dataDir());
        protectedPaths.add(settings.configDir());
        SandboxConfig withProtected = new SandboxConfig(c.backend(), c.allowUnsandboxed(), c.limits(), c.policy(), c.runtimeDir(),
                protectedPaths, c.bwrapPath(), c.containerImage(), c.elevated(), c.web());
        return new Sandbox(withProtected, events, clock);
    }

    ContentGuard guard() {
        return guard;
    }

    List<Tool> tools() {
        return tools;
    }

    List<AutoCloseable> closeables() {
        return closeables;
    }

    void mountRoutes(RoutesConfig routes) {
    }

    void startBackground(dev.clawdbot.core.chat.ChatService chat) {
    }
}
