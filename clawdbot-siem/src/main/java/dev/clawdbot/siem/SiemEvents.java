package dev.clawdbot.siem;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The siem module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), SiemEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class SiemEvents implements EventCatalogue {

    public static final EventType SIEM_DROPPED = EventType.of("siem.dropped", 10, "lines", "total");
    public static final EventType SIEM_RESPONSE_FAILED =
            EventType.of("siem.response.failed", 10, "address", "rule", "error");
    public static final EventType SIEM_RESPONSE_BLOCK =
            EventType.of("siem.response.block", 8, "address", "rule", "offence", "timeoutSeconds", "expires", "dryRun");
    public static final EventType SIEM_RESPONSE_UNBLOCK =
            EventType.of("siem.response.unblock", 5, "address", "rule", "reason", "dryRun");
    public static final EventType SIEM_RESPONSE_REFUSED =
            EventType.of("siem.response.refused", 5, "address", "rule", "reason");
    public static final EventType SIEM_RESPONSE_LOCK =
            EventType.of("siem.response.lock", 8, "user", "rule", "offence", "timeoutSeconds", "expires", "dryRun");
    public static final EventType SIEM_RESPONSE_STOP =
            EventType.of("siem.response.stop", 8, "container", "rule", "offence", "timeoutSeconds", "expires", "dryRun");
    public static final EventType SIEM_RESPONSE_PROGRAM =
            EventType.of("siem.response.program", 5, "program", "rule", "exit", "dryRun").orLevels(8);
    public static final EventType SIEM_FIM_BASELINE = EventType.of("siem.fim.baseline", 3, "paths", "roots");
    public static final EventType SIEM_FIM_ADDED =
            EventType.of("siem.fim.added", 5, "path", "kind", "sha256", "size", "mode", "owner", "inode", "diff");
    public static final EventType SIEM_FIM_MODIFIED = EventType.of("siem.fim.modified", 7, "path", "kind", "sha256", "size", "mode",
            "owner", "inode", "changed", "sha256Before", "sizeBefore", "modeBefore", "ownerBefore", "diff");
    public static final EventType SIEM_FIM_PERMISSIONS = EventType.of("siem.fim.permissions", 7, "path", "kind", "sha256", "size",
            "mode", "owner", "inode", "changed", "sha256Before", "sizeBefore", "modeBefore", "ownerBefore", "diff");
    public static final EventType SIEM_FIM_DELETED =
            EventType.of("siem.fim.deleted", 7, "path", "kind", "sha256Before", "sizeBefore", "diff");
    public static final EventType SIEM_FIM_BURST =
            EventType.of("siem.fim.burst", 8, "changes", "added", "modified", "deleted", "permissions", "sample");
    public static final EventType SIEM_FIM_LIMIT = EventType.of("siem.fim.limit", 8, "maxFiles");
}
