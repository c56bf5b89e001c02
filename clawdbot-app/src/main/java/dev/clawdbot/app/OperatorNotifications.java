package dev.clawdbot.app;

import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.telegram.TelegramNoticeChannel;
import dev.clawdbot.core.events.EventLog;
import dev.clawdbot.core.notify.DurableNotifier;
import dev.clawdbot.core.notify.EventNotices;
import dev.clawdbot.core.notify.NoticeChannel;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.mail.MailNoticeChannel;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator notifier of a running gateway: the channels {@code operator:} and {@code adminBot:} configure, the
 * durable notifier on them, and the event-log listener that turns events at {@code operator.level} and above into
 * notices. Closing stops the listener first, then the delivery threads.
 */
final class OperatorNotifications implements AutoCloseable {

    private final DurableNotifier notifier;
    private final EventNotices fromEvents;

    private OperatorNotifications(DurableNotifier notifier, EventNotices fromEvents) {
        this.notifier = notifier;
        this.fromEvents = fromEvents;
    }

    /** Builds and starts it; notices queued before a restart are delivered from now on. */
    static OperatorNotifications start(AppConfig config, Database db, EventLog events, Clock clock) {
        OperatorConfig n = config.operator();
        DurableNotifier notifier = new DurableNotifier(db, channels(config, clock), n.policy(), events, clock, owner()).start();
        EventNotices fromEvents = new EventNotices(notifier, n.level());
        events.addListener(fromEvents);
        return new OperatorNotifications(notifier, fromEvents);
    }

    /** The channels the configuration turns on, in the order they are listed in docs/notify.md. */
    static List<NoticeChannel> channels(AppConfig config, Clock clock) {
        OperatorConfig n = config.operator();
        List<NoticeChannel> out = new ArrayList<>();
        if (n.email() != null) {
            out.add(new MailNoticeChannel(n.email(), clock));
        }
        TelegramConfig admin = config.adminBot();
        if (n.telegram().enabled() && admin != null && admin.enabled() && !n.telegram().chatsFor(admin).isEmpty()) {
            out.add(new TelegramNoticeChannel(admin, n.telegram().chatsFor(admin)));
        }
        return out;
    }

    /** For {@code doctor}: what the operator would be told through, or why nothing. */
    static String describe(AppConfig config) {
        OperatorConfig n = config.operator();
        List<String> parts = new ArrayList<>();
        if (n.email() != null) parts.add("e-mail to " + String.join(", ", n.email().to()));
        TelegramConfig admin = config.adminBot();
        if (n.telegram().enabled() && admin != null && admin.enabled()) parts.add("admin Telegram chats " + n.telegram().chatsFor(admin));
        return parts.isEmpty() ? null : "level " + n.level() + " and above to " + String.join(" and ", parts);
    }

    OperatorNotifier notifier() {
        return notifier;
    }

    DurableNotifier durable() {
        return notifier;
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    @Override
    public void close() {
        fromEvents.close();
        notifier.close();
    }
}
