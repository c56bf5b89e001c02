package dev.clawdbot.broker;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The broker module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), BrokerEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class BrokerEvents implements EventCatalogue {

    public static final EventType BROKER_EXEC_HOSTKEY_REFUSED =
            EventType.of("broker.exec.hostkey.refused", 10, "host", "address", "port", "offered");
    public static final EventType ADMIN_RUN_STARTED =
            EventType.of("admin.run.started", 3, "runId", "trigger", "approvedActions");
    public static final EventType ADMIN_RUN_FINISHED =
            EventType.of("admin.run.finished", 3, "runId", "trigger", "steps", "stop").orLevels(5);
    public static final EventType ADMIN_OUTPUT_WITHHELD =
            EventType.of("admin.output_withheld", 10, "agent", "session", "tool", "source", "withheldId", "scanners",
                    "scores", "chars");
    public static final EventType BROKER_REQUEST_ERROR = EventType.of("broker.request.error", 8, "requestId", "error");
    public static final EventType BROKER_REQUEST_RECEIVED =
            EventType.of("broker.request.received", 3, "requestId", "actions", "urgency");
    public static final EventType BROKER_REQUEST_TRANSITION =
            EventType.of("broker.request.transition", 3, "requestId", "from", "to", "reason").orLevels(5, 7);
    public static final EventType BROKER_REQUEST_ASSESSED =
            EventType.of("broker.request.assessed", 3, "requestId", "risk").orLevels(5);
    public static final EventType BROKER_REQUEST_REMINDED =
            EventType.of("broker.request.reminded", 3, "requestId", "expiresAt");
    public static final EventType BROKER_ACTION_STARTED =
            EventType.of("broker.action.started", 5, "requestId", "index", "key");
    public static final EventType BROKER_ACTION_FINISHED =
            EventType.of("broker.action.finished", 3, "requestId", "index", "exitCode").orLevels(7);
    public static final EventType BROKER_NOTIFY_FAILED =
            EventType.of("broker.notify.failed", 8, "requestId", "target", "error", "permanent").orLevels(7);
    public static final EventType BROKER_REQUEST_REJECTED =
            EventType.of("broker.request.rejected", 7, "file", "reason");
    public static final EventType BROKER_EMAIL_ANSWERED =
            EventType.of("broker.email.answered", 3, "requestId", "reason");
    public static final EventType BROKER_EMAIL_WATCHING = EventType.of("broker.email.watching", 2, "folder");
    public static final EventType BROKER_EMAIL_RECONNECT =
            EventType.of("broker.email.reconnect", 4, "error", "retryInMs");
    public static final EventType BROKER_EMAIL_REPLY =
            EventType.of("broker.email.reply", 3, "requestId", "proof", "accepted", "state");
    public static final EventType BROKER_APPROVAL_REJECTED =
            EventType.of("broker.approval.rejected", 10, "requestId", "channel", "reason");
    public static final EventType BROKER_EMAIL_COMMAND = EventType.of("broker.email.command", 3, "proof");
    public static final EventType BROKER_EMAIL_COMMAND_ANSWERED =
            EventType.of("broker.email.command_answered", 3, "to");
    public static final EventType BRIDGE_DELIVERED = EventType.of("bridge.delivered", 3, "agent", "messageId", "chars");
    public static final EventType BRIDGE_REJECTED =
            EventType.of("bridge.rejected", 10, "agent", "status", "reason").orLevels(7);
    public static final EventType BRIDGE_SPOOL_DRAINED =
            EventType.of("bridge.spool.drained", 2, "delivered", "duplicates", "rejected", "waiting",
                    "receiverUnavailable").orLevels(5);
    public static final EventType BROKER_REPLY_INTERPRETED =
            EventType.of("broker.reply.interpreted", 3, "requestId", "intent");
}
