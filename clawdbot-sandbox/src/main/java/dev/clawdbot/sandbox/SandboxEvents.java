package dev.clawdbot.sandbox;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The sandbox module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), SandboxEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class SandboxEvents implements EventCatalogue {

    public static final EventType WEB_FETCH_REFUSED = EventType.of("web.fetch_refused", 8, "host", "reason");
    public static final EventType ELEVATED_EXEC =
            EventType.of("elevated.exec", 8, "rule", "program", "argc", "argvSha256", "exit", "timedOut", "millis");
    public static final EventType ELEVATED_REFUSED =
            EventType.of("elevated.refused", 10, "reason", "argc", "argvSha256");
    public static final EventType SANDBOX_ORPHANS_REMOVED = EventType.of("sandbox.orphans_removed", 6, "count");
    public static final EventType SANDBOX_EXEC =
            EventType.of("sandbox.exec", 2, "backend", "program", "exit", "millis", "stdoutTruncated", "background");
    public static final EventType SANDBOX_TIMEOUT =
            EventType.of("sandbox.timeout", 5, "backend", "program", "exit", "millis", "stdoutTruncated");
    public static final EventType SANDBOX_UNSANDBOXED = EventType.of("sandbox.unsandboxed", 8, "program");
    public static final EventType SANDBOX_DISK_LOW =
            EventType.of("sandbox.disk_low", 9, "action", "minFreeBytes", "killed");
    public static final EventType SANDBOX_DISK_QUOTA =
            EventType.of("sandbox.disk_quota", 9, "action", "killed", "workspaceMaxBytes", "workspaceMaxFiles");
    public static final EventType SANDBOX_PATH_REFUSED = EventType.of("sandbox.path_refused", 10, "tool", "agent");
    public static final EventType SANDBOX_RUNTIME_DIR_UNWRITABLE =
            EventType.of("sandbox.runtime_dir_unwritable", 6, "dir");
}
