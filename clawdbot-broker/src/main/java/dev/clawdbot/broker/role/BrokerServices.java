package dev.clawdbot.broker.role;

import dev.clawdbot.broker.BridgeConfig;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.admin.AdminRunner;
import dev.clawdbot.broker.admin.AdminTrigger;
import dev.clawdbot.broker.bridge.BridgeInbox;
import dev.clawdbot.broker.bridge.BridgeReceiver;
import dev.clawdbot.broker.bridge.BridgeSender;
import dev.clawdbot.broker.bridge.BridgeTransport;
import dev.clawdbot.broker.bridge.HttpBridgeTransport;
import dev.clawdbot.broker.bridge.SpoolBridgeTransport;
import dev.clawdbot.broker.bridge.SpoolDrainer;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.email.EmailOperatorChannel;
import dev.clawdbot.broker.email.ImapReplyPoller;
import dev.clawdbot.broker.email.OperatorCommands;
import dev.clawdbot.broker.exec.ActionDispatcher;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.ModelRouter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The broker role assembled from its configuration: the request broker with the action dispatcher (local,
 * SSH hosts, Docker Engine socket, SMTP), the e-mail
 * channel and IMAP poller when {@code broker.email} is set, the bridge sender the outcomes go through, and
 * the admin runner. The app adds its own operator channels (Telegram, console) through {@code extraChannels}.
 */
public final class BrokerServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerServices.class);

    private final RequestBroker broker;
    private final ImapReplyPoller poller;
    private final BridgeSender bridgeSender;
    private final AdminRunner adminRunner;
    private final BridgeConfig bridge;
    private final Clock clock;
    private final boolean hasChannels;
    /** The admin agent's SSH connections to the managed hosts ({@code host_check}); null without an inventory. */
    private dev.clawdbot.fleet.ssh.SshPool hostPool;
    private ScheduledExecutorService refresher;

    private BrokerServices(RequestBroker broker, ImapReplyPoller poller, BridgeSender bridgeSender, AdminRunner adminRunner,
                           BridgeConfig bridge, Clock clock, boolean hasChannels) {
        this.hasChannels = hasChannels;
        this.broker = broker;
        this.poller = poller;
        this.bridgeSender = bridgeSender;
        this.adminRunner = adminRunner;
        this.bridge = bridge;
        this.clock = clock;
    }

    /**
     * Builds the role. Requester notices go over the bridge when {@code broker.bridge} has a secret and a
     * gateway URL or spool directory; otherwise the broker cannot tell the requester and says so at build time.
     */
    public static BrokerServices create(BrokerConfig config, Database db, ModelRouter router, List<OperatorChannel> extraChannels,
                                        EventSink events, Clock clock) {
        return create(config, db, router, extraChannels, null, events, clock);
    }

    /**
     * Like {@link #create(BrokerConfig, Database, ModelRouter, List, EventSink, Clock)}, with the content guard that
     * screens operator e-mail commands and their answers (without one, mail to {@code broker.email.commandAddress}
     * is not acted on). Without any operator channel the services serve one-shot commands; {@link #start} refuses.
     */
    public static BrokerServices create(BrokerConfig config, Database db, ModelRouter router, List<OperatorChannel> extraChannels,
                                        ContentGuard guard, EventSink events, Clock clock) {
        return create(config, null, db, router, extraChannels, guard, events, clock);
    }

    /** Like the above, executing on every host of the fleet's {@code inventory} (null: {@code broker.hosts} only). */
    public static BrokerServices create(BrokerConfig config, dev.clawdbot.fleet.hosts.Inventory inventory, Database db, ModelRouter router,
                                        List<OperatorChannel> extraChannels, ContentGuard guard, EventSink events, Clock clock) {
        BridgeSender sender = bridgeSender(config.bridge(), clock, "broker");
        List<OperatorChannel> channels = new ArrayList<>(extraChannels);
        if (config.email() != null) channels.add(new EmailOperatorChannel(config.email(), clock));
        RequestBroker broker = new RequestBroker(config, db, router, (inventory == null ? ActionDispatcher.create(config, events, clock)
                : ActionDispatcher.create(config, inventory, events, clock)), channels,
                o -> sender.send(o.agentId(), o.session(), o.text(), o.quoted(), o.requestId()), events, clock);
        var hostPool = inventory == null || inventory.isEmpty() ? null
                : new dev.clawdbot.fleet.ssh.SshPool(events, dev.clawdbot.core.notify.OperatorNotifier.none(), clock, Duration.ofMinutes(5));
        AdminRunner runner = new AdminRunner(config.admin(), router, events, clock, null, guard,
                hostPool == null ? null : new dev.clawdbot.fleet.remote.RemoteHost(inventory, hostPool));
        OperatorCommands commands = null;
        // Without a guard (one-shot CLI use, which never watches the mailbox) commands are not acted on.
        if (config.email() != null && config.email().commandAddress() != null && guard != null) {
            commands = new OperatorCommands(config.email(), broker, input -> runAdmin(broker, runner, AdminTrigger.OPERATOR_EMAIL, input, null), guard, events, clock);
        }
        ImapReplyPoller poller = config.email() == null ? null : new ImapReplyPoller(config.email(), broker, commands, events, clock);
        BrokerServices services = new BrokerServices(broker, poller, sender, runner, config.bridge(), clock, !channels.isEmpty());
        services.hostPool = hostPool;
        return services;
    }

    /** A sender for the admin side, signing with the first configured secret. */
    public static BridgeSender bridgeSender(BridgeConfig bridge, Clock clock, String from) {
        if (bridge.secrets().isEmpty()) throw new IllegalArgumentException("broker.bridge.secrets: at least one whsec_ secret is required");
        BridgeTransport transport;
        if (bridge.gatewayUrl() != null) transport = new HttpBridgeTransport(bridge.gatewayUrl());
        else if (bridge.spoolDir() != null) transport = new SpoolBridgeTransport(bridge.spoolDir());
        else throw new IllegalArgumentException("broker.bridge: set gatewayUrl or spoolDir so bridge notes can be delivered");
        return new BridgeSender(bridge.parsedSecrets().getFirst(), transport, clock, from);
    }

    /** The user agent gateway's side: mount {@link BridgeReceiver#handle} at {@code POST /bridge/{agent}}. */
    public static BridgeReceiver bridgeReceiver(BridgeConfig bridge, Database db, BridgeInbox inbox, EventSink events, Clock clock) {
        if (bridge.secrets().isEmpty()) throw new IllegalArgumentException("broker.bridge.secrets: at least one whsec_ secret is required");
        return new BridgeReceiver(bridge.parsedSecrets(), bridge.tolerance(), bridge.maxReplayEntries(), db, inbox, events, clock);
    }

    /**
     * The receiving gateway's drain of a same-host bridge spool ({@code broker.bridge.spoolDir} without
     * {@code gatewayUrl}): every second, backing off to a minute while the receiver is unavailable; null otherwise.
     */
    public static SpoolDrainer spoolDrainer(BridgeConfig bridge, BridgeReceiver receiver, EventSink events, Clock clock) {
        if (bridge.gatewayUrl() != null || bridge.spoolDir() == null) return null;
        return new SpoolDrainer(new SpoolBridgeTransport(bridge.spoolDir()), receiver, events, clock, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /**
     * Starts the spool watcher, the periodic pass, the IMAP watcher and, with a same-host bridge spool, the re-signing
     * of notes that wait there for the receiver (at start and every quarter of the bridge tolerance).
     */
    public synchronized void start() throws IOException {
        if (!hasChannels) throw new IllegalStateException("broker: no operator channel: set broker.email or adminBot (one-shot commands need none, a running broker does)");
        broker.start();
        if (poller != null) poller.start();
        if (refresher == null && bridge.gatewayUrl() == null && bridge.spoolDir() != null) {
            SpoolBridgeTransport spool = new SpoolBridgeTransport(bridge.spoolDir());
            List<WebhookSecret> secrets = bridge.parsedSecrets();
            refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("bridge-refresh").unstarted(r));
            refresher.scheduleWithFixedDelay(() -> {
                try {
                    spool.refresh(secrets, clock.instant(), bridge.tolerance());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("bridge spool refresh failed: {}", e.toString());
                }
            }, 0, bridge.tolerance().toMillis() / 4, TimeUnit.MILLISECONDS);
        }
    }

    public RequestBroker broker() {
        return broker;
    }

    public BridgeSender bridgeSender() {
        return bridgeSender;
    }

    public AdminRunner adminRunner() {
        return adminRunner;
    }

    /**
     * Runs a fresh admin agent for {@code trigger} (never with approved actions) and keeps its full transcript under
     * its run id: with {@code requestId} when it serves a request, else as its own record ({@code request show RUN_ID}).
     */
    public AdminRunner.AdminRun runAdmin(AdminTrigger trigger, String input, String requestId) throws InterruptedException {
        return runAdmin(broker, adminRunner, trigger, input, requestId);
    }

    private static AdminRunner.AdminRun runAdmin(RequestBroker broker, AdminRunner runner, AdminTrigger trigger, String input, String requestId)
            throws InterruptedException {
        AdminRunner.AdminRun run = runner.run(trigger, input, null);
        broker.keepTranscript(requestId, run.runId(), trigger.wire(), run.transcript());
        return run;
    }

    @Override
    public synchronized void close() throws IOException {
        if (refresher != null) refresher.shutdownNow();
        refresher = null;
        if (poller != null) poller.close();
        if (hostPool != null) hostPool.close();
        broker.close();
    }
}
