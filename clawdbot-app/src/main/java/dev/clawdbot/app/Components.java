package dev.clawdbot.app;

import dev.clawdbot.agent.AgentGateway;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.role.BrokerServices;
import dev.clawdbot.broker.RequestHostChangeTool;
import dev.clawdbot.broker.bridge.BridgeReceiver;
import dev.clawdbot.broker.admin.AdminTrigger;
import dev.clawdbot.broker.exec.MailRequestFiler;
import dev.clawdbot.channels.AdminAgent;
import dev.clawdbot.channels.telegram.AdminBot;
import dev.clawdbot.channels.AdminStatus;
import dev.clawdbot.channels.BehavioursFile;
import dev.clawdbot.channels.telegram.TelegramChannel;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.telegram.TelegramOperatorChannel;
import dev.clawdbot.channels.telegram.WebhookHandler;
import dev.clawdbot.channels.mail.MailTools;
import dev.clawdbot.channels.mail.MailWatcher;
import dev.clawdbot.channels.voice.VoiceService;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.core.role.Role;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.http.GuardRoutes;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxConfig;
import dev.clawdbot.sandbox.tools.SandboxTools;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Phase 1 of the wiring for the parts that come from the feature modules: the guard, the sandbox and the agent's
 * tools, and the roles that need the agents ({@link BrokerRole}, {@link BridgeRole}, {@link TelegramRole}). Nothing
 * here binds a port or starts a role thread (the Telegram send queues excepted). {@link Server} calls {@link #create}
 * before the agents exist, {@link #attach} once they do, {@link #mountRoutes} while the HTTP server is built, and
 * starts {@link #roles()} in phase 2.
 */
final class Components {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Components.class);

    private final Settings settings;
    private final Database database;
    private final EventSink events;
    private final Clock clock;
    private final Guard guard;
    private final Sandbox sandbox;
    private final List<Tool> tools;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private BrokerRole broker;
    private BridgeRole bridge;
    private TelegramRole telegram;
    private String gatewayToken;

    private Components(Settings settings, Database database, EventSink events, Clock clock, Guard guard, SandboxParts sandbox) {
        this.settings = settings;
        this.database = database;
        this.events = events;
        this.clock = clock;
        this.guard = guard;
        this.sandbox = sandbox.sandbox();
        closeables.add(this.sandbox);
        this.tools = sandbox.tools();
    }

    /**
     * @param guard   from {@link #buildGuard} and
     * @param sandbox from {@link #buildSandbox}, which {@link Server} runs while the database opens
     */
    static Components create(Settings settings, Database database, EventSink events, Clock clock, Guard guard, SandboxParts sandbox) {
        return new Components(settings, database, events, clock, guard, sandbox);
    }

    /** The guard, fully loaded (patterns and classifier), so the first message is screened like every other. */
    static Guard buildGuard(Settings settings, EventSink events, Clock clock) {
        return Guard.create(settings.config().guard(), events, clock);
    }

    /** The sandbox and the agent's tools: they need neither the database nor the agents. */
    static SandboxParts buildSandbox(Settings settings, EventSink events, Clock clock) {
        Sandbox sandbox = openSandbox(settings, events, clock);
        try {
            List<Tool> t = new ArrayList<>(SandboxTools.create(sandbox, events, clock));
            BrokerConfig b = settings.config().broker();
            if (b != null) t.add(new RequestHostChangeTool(b.spoolDir(), clock));
            if (settings.config().mail() != null) {
                // mail_send sends to mail.sendAllowed itself; any other recipient becomes a broker mail action the operator decides.
                MailRequestFiler filer = b == null ? null : new MailRequestFiler(b.spoolDir(), settings.config().agents().defaultAgent(), clock);
                t.addAll(MailTools.create(settings.config().mail(), filer == null ? null
                        : r -> filer.file(r.agent(), r.requestedBy(), r.details().get("to"), r.details().get("subject"), r.details().get("body")), events, clock));
            }
            return new SandboxParts(sandbox, List.copyOf(t));
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** The sandbox and its tools; closing closes the sandbox (Components does once it holds them). */
    record SandboxParts(Sandbox sandbox, List<Tool> tools) implements AutoCloseable {
        @Override
        public void close() {
            sandbox.close();
        }
    }

    /**
     * The sandbox, with the data and config directories added to its protected paths: the policy is refused
     * if it would expose them (they hold the database, the token and every secret file).
     */
    static Sandbox openSandbox(Settings settings, EventSink events, Clock clock) {
        SandboxConfig c = settings.config().sandbox();
        List<Path> protectedPaths = new ArrayList<>(c.protectedPaths());
        protectedPaths.add(settings.dataDir());
        protectedPaths.add(settings.configDir());
        SandboxConfig withProtected = new SandboxConfig(c.backend(), c.allowUnsandboxed(), c.limits(), c.policy(), c.runtimeDir(),
                protectedPaths, c.bwrapPath(), c.containerImage(), c.elevated(), c.web(), c.disk());
        return new Sandbox(withProtected, events, clock);
    }

    ContentGuard guard() {
        return guard;
    }

    List<Tool> tools() {
        return tools;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Phase 1 for the roles that need the agents: builds the {@code broker}, {@code bridge} and {@code telegram} roles
     * this process runs ({@code roles}) and whose config is on, without binding a port or starting a role thread; on a
     * failure closes what it built and rethrows. Phase 2 is {@link #roles()}' start, in {@link Server}.
     */
    void attach(AgentGateway agents, ModelRouter router, AdminStatusSource status, String gatewayToken, Set<String> roles) {
        this.gatewayToken = gatewayToken;
        try {
            build(agents, router, status, roles);
        } catch (RuntimeException | Error e) {
            for (Role r : roles()) closeQuietly(r);
            throw e;
        }
    }

    private void build(AgentGateway agents, ModelRouter router, AdminStatusSource status, Set<String> roles) {
        AppConfig c = settings.config();
        boolean telegramHere = roles.contains("telegram");
        boolean adminBotOn = c.adminBot() != null && c.adminBot().enabled();
        if (telegramHere && !roles.contains("gateway")) {
            // A webhook arrives at the gateway's HTTP port; a telegram role alone has none to offer.
            requirePolling(c.telegram(), "telegram");
            if (adminBotOn) requirePolling(c.adminBot(), "adminBot");
        }
        approvalSplit(c, roles).ifPresent(LOG::warn);
        // The broker needs an operator channel: e-mail, or the admin bot when the telegram role runs in this process.
        boolean brokerRuns = roles.contains("broker") && c.broker() != null && (c.broker().email() != null || (adminBotOn && telegramHere));
        if (telegramHere) telegram = buildTelegram(agents, status, brokerRuns);
        if (c.broker() == null) return;
        if (brokerRuns) {
            List<OperatorChannel> operatorChannels = new ArrayList<>();
            AdminBot adminBot = telegram == null ? null : telegram.adminBot();
            if (adminBot != null) operatorChannels.add(new TelegramOperatorChannel(adminBot, answer -> broker.services().broker().answer(answer)));
            broker = new BrokerRole(BrokerServices.create(c.broker(), c.inventory(settings.dataDir()), database, router, operatorChannels, guard,
                    new dev.clawdbot.agent.WithheldContent(database, clock), events, clock));
        }
        if (roles.contains("bridge") && !c.broker().bridge().secrets().isEmpty()) {
            BridgeReceiver receiver = BrokerServices.bridgeReceiver(c.broker().bridge(), database,
                    (agent, note) -> agents.deliverNote(agent, note.messageId(), note.from(), note.requestId(), note.session(), note.text(), note.quoted()),
                    events, clock);
            bridge = new BridgeRole(receiver, BrokerServices.spoolDrainer(c.broker().bridge(), receiver, events, clock));
        }
    }

    /** The telegram role's bots and mail notify, each only when its config is on; closes what it built when one fails. */
    private TelegramRole buildTelegram(AgentGateway agents, AdminStatusSource status, boolean brokerRuns) {
        AppConfig c = settings.config();
        TelegramChannel userBot = null;
        MailWatcher mail = null;
        try {
            if (c.telegram().enabled()) {
                VoiceService voice = c.voice() == null ? null : new VoiceService(c.voice());
                userBot = new TelegramChannel(c.telegram(), database, agents, guard, voice,
                        new BehavioursFile(settings.configDir(), c.agents().defaultAgent()), events, clock);
                if (c.mail() != null && !c.mail().mailboxes().isEmpty()) {
                    mail = new MailWatcher(c.mail(), database, guard, userBot.operatorChat(c.mail().notifyChatId()), events, clock);
                }
            }
            AdminBot adminBot = null;
            if (c.adminBot() != null && c.adminBot().enabled()) {
                // Free text to the admin bot starts an admin-agent run with the admin_bot permission profile.
                AdminAgent agent = !brokerRuns ? null
                        : (operator, text) -> broker.services().runAdmin(AdminTrigger.ADMIN_BOT, "Operator " + operator + " asks:\n" + text, null).finalText();
                adminBot = new AdminBot(c.adminBot(), database, status.forAdminBot(this), agent, guard, events, clock);
            }
            return new TelegramRole(userBot, mail, adminBot);
        } catch (RuntimeException | Error e) {
            new TelegramRole(userBot, mail, null).close();
            throw e;
        }
    }

    /**
     * The admin bot hands an approval's answer to the broker in memory, so it approves only for a broker in its own
     * process; there is no hand-off between processes (docs/broker.md, "Where approvals go"). A split that would leave
     * the broker with no operator channel at all is refused (its requests would wait for an answer nobody can give);
     * one where the admin bot is merely not an approval channel is a warning, returned here to be logged.
     */
    static Optional<String> approvalSplit(AppConfig c, Set<String> roles) {
        boolean adminBotOn = c.adminBot() != null && c.adminBot().enabled();
        if (c.broker() == null || !adminBotOn) return Optional.empty();
        boolean brokerHere = roles.contains("broker");
        boolean telegramHere = roles.contains("telegram");
        if (brokerHere && !telegramHere && c.broker().email() == null) {
            throw new IllegalArgumentException("broker: its only operator channel is the admin bot (adminBot.enabled), which answers only a broker"
                    + " in its own process; run broker and telegram together (serve --roles broker,telegram,...) or set broker.email");
        }
        if (brokerHere && !telegramHere) {
            return Optional.of("broker: approvals go by e-mail only (broker.email): the admin bot runs with the telegram role in another process"
                    + " and cannot answer this broker; run broker and telegram in one process to approve in Telegram");
        }
        if (telegramHere && !brokerHere) {
            return Optional.of("telegram: the admin bot takes no approvals in this process: the broker role runs elsewhere and answers are"
                    + " handed over in memory only; the broker asks by e-mail (broker.email)");
        }
        return Optional.empty();
    }

    private static void requirePolling(TelegramConfig config, String key) {
        if (config.enabled() && config.mode() == TelegramConfig.Mode.WEBHOOK) {
            throw new IllegalArgumentException(key + ".mode: webhook needs the gateway role in the same process (serve --roles gateway,telegram), or use polling");
        }
    }

    /** The roles built by {@link #attach}, in start order: broker, bridge, telegram (each only when it runs here). */
    List<Role> roles() {
        List<Role> out = new ArrayList<>();
        if (broker != null) out.add(broker);
        if (bridge != null) out.add(bridge);
        if (telegram != null) out.add(telegram);
        return out;
    }

    private static void closeQuietly(Role role) {
        try {
            role.close();
        } catch (RuntimeException e) {
            LOG.debug("closing {} after a failed build: {}", role.name(), e.toString());
        }
    }

    /** Routes the feature modules serve; each authenticates its own callers (signature, secret token). */
    void mountRoutes(RoutesConfig routes) {
        // The guard role's LLM Guard-compatible API, for other services (the web server's chat platforms).
        // PII placeholders are kept per authenticated principal (issue 11 item 9).
        var principals = dev.clawdbot.app.http.HttpGateway.principals(gatewayToken,
                new dev.clawdbot.app.http.ApiTokenStore(database, clock), dev.clawdbot.app.http.Scope.GUARD);
        GuardRoutes.register(routes, guard, (GuardRoutes.Authenticator) principals::apply);
        if (broker != null) ApprovalLinkPage.mount(routes, broker.services().broker());
        if (bridge != null) {
            BridgeReceiver receiver = bridge.receiver();
            routes.post("/bridge/{agent}", ctx -> ctx.status(receiver.handle(singleHeaders(ctx), ctx.bodyAsBytes(), ctx.pathParam("agent"))));
        }
        TelegramChannel userBot = telegram == null ? null : telegram.userBot();
        AdminBot adminBot = telegram == null ? null : telegram.adminBot();
        mountWebhook(routes, settings.config().telegram(), userBot == null ? null : userBot.webhookHandler());
        mountWebhook(routes, settings.config().adminBot(), adminBot == null ? null : adminBot.webhookHandler());
    }

    private static void mountWebhook(RoutesConfig routes, TelegramConfig config, WebhookHandler handler) {
        if (handler == null || config.mode() != TelegramConfig.Mode.WEBHOOK || config.webhookUrl() == null) return;
        String path = URI.create(config.webhookUrl()).getPath();
        routes.post(path == null || path.isEmpty() ? "/" : path, ctx -> {
            WebhookHandler.Response r = handler.handle(listHeaders(ctx), ctx.bodyAsBytes());
            ctx.status(r.status()).result(r.body() == null ? "" : r.body());
        });
    }

    private static Map<String, String> singleHeaders(Context ctx) {
        return new HashMap<>(ctx.headerMap());
    }

    private static Map<String, List<String>> listHeaders(Context ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : ctx.req().getHeaderNames() == null ? List.<String>of() : java.util.Collections.list(ctx.req().getHeaderNames())) {
            out.put(name, java.util.Collections.list(ctx.req().getHeaders(name)));
        }
        return out;
    }

    /** For {@code /status}: what each background service is doing. */
    Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sandbox", describe(sandbox.backend()));
        TelegramChannel userBot = telegram == null ? null : telegram.userBot();
        m.put("telegram", userBot == null ? "off" : "on, inbox " + userBot.inboxDepth() + ", outbound " + userBot.outboundDepth());
        m.put("broker", broker == null ? "off" : "on");
        m.put("bridge", bridge == null ? "off" : "receiving");
        m.put("mail notify", telegram == null || telegram.mail() == null ? "off" : "on");
        return m;
    }

    /** One readable line for {@code /status}, never a record's {@code toString()}. */
    static String describe(dev.clawdbot.sandbox.SandboxBackend backend) {
        return switch (backend) {
            case dev.clawdbot.sandbox.SandboxBackend.Bubblewrap b -> "bubblewrap (" + b.executable() + ")";
            case dev.clawdbot.sandbox.SandboxBackend.Container c -> c.engine() + " (" + c.executable() + ", image " + c.image() + ")";
            case dev.clawdbot.sandbox.SandboxBackend.None n -> n.allowUnsandboxed() ? "none: commands run UNSANDBOXED" : "none: commands are refused";
        };
    }

    /** What the parts hold (the sandbox); closed after the roles. */
    List<AutoCloseable> closeables() {
        return closeables;
    }

    /** Supplies the admin bot's figures; implemented by {@link Server}, which sees every part. */
    interface AdminStatusSource {
        AdminStatus forAdminBot(Components components);
    }
}
