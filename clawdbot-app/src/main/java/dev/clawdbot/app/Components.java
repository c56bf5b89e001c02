package dev.clawdbot.app;

import dev.clawdbot.agent.AgentGateway;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.role.BrokerServices;
import dev.clawdbot.broker.RequestHostChangeTool;
import dev.clawdbot.broker.bridge.BridgeReceiver;
import dev.clawdbot.broker.bridge.SpoolDrainer;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the gateway that come from the feature modules: the guard, the sandbox and the agent's tools,
 * the channels (Telegram user and admin bots, voice, mail notify), the broker role and the bridge receiver.
 * {@link Server} owns their lifecycle: {@link #create} before the agents exist, {@link #attach} once they do,
 * {@link #mountRoutes} while the HTTP server is built, {@link #start} last.
 */
final class Components {

    private final Settings settings;
    private final Database database;
    private final EventSink events;
    private final Clock clock;
    private final Guard guard;
    private final Sandbox sandbox;
    private final List<Tool> tools;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private BrokerServices broker;
    private BridgeReceiver bridge;
    private SpoolDrainer bridgeSpool;
    private TelegramChannel telegram;
    private AdminBot adminBot;
    private MailWatcher mail;
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

    /** Builds what needs the agents: channels that hand them messages, the broker and the bridge receiver. */
    void attach(AgentGateway agents, ModelRouter router, AdminStatusSource status, String gatewayToken) {
        this.gatewayToken = gatewayToken;
        AppConfig c = settings.config();
        if (c.telegram().enabled()) {
            VoiceService voice = c.voice() == null ? null : new VoiceService(c.voice());
            String agent = c.agents().defaultAgent();
            telegram = new TelegramChannel(c.telegram(), database, agents, guard, voice,
                    new BehavioursFile(settings.configDir(), agent), events, clock);
            if (c.mail() != null && !c.mail().mailboxes().isEmpty()) {
                mail = new MailWatcher(c.mail(), database, guard, telegram.operatorChat(c.mail().notifyChatId()), events, clock);
            }
        }
        boolean adminBotOn = c.adminBot() != null && c.adminBot().enabled();
        // The broker role needs an operator channel; a gateway whose broker runs elsewhere only receives the bridge.
        boolean brokerRole = c.broker() != null && (c.broker().email() != null || adminBotOn);
        if (adminBotOn) {
            // Free text to the admin bot starts an admin-agent run with the admin_bot permission profile.
            AdminAgent agent = !brokerRole ? null
                    : (operator, text) -> broker.runAdmin(AdminTrigger.ADMIN_BOT, "Operator " + operator + " asks:\n" + text, null).finalText();
            adminBot = new AdminBot(c.adminBot(), database, status.forAdminBot(this), agent, guard, events, clock);
        }
        if (c.broker() != null) {
            List<OperatorChannel> operatorChannels = new ArrayList<>();
            if (adminBot != null) operatorChannels.add(new TelegramOperatorChannel(adminBot, answer -> broker.broker().answer(answer)));
            if (brokerRole) broker = BrokerServices.create(c.broker(), c.inventory(settings.dataDir()), database, router, operatorChannels, guard,
                    new dev.clawdbot.agent.WithheldContent(database, clock), events, clock);
            if (!c.broker().bridge().secrets().isEmpty()) {
                bridge = BrokerServices.bridgeReceiver(c.broker().bridge(), database,
                        (agent, note) -> agents.deliverNote(agent, note.messageId(), note.from(), note.requestId(), note.session(), note.text(), note.quoted()),
                        events, clock);
                bridgeSpool = BrokerServices.spoolDrainer(c.broker().bridge(), bridge, events, clock);
            }
        }
    }

    /** Routes the feature modules serve; each authenticates its own callers (signature, secret token). */
    void mountRoutes(RoutesConfig routes) {
        // The guard role's LLM Guard-compatible API, for other services (the web server's chat platforms).
        // PII placeholders are kept per authenticated principal (issue 11 item 9).
        var principals = dev.clawdbot.app.http.HttpGateway.principals(gatewayToken,
                new dev.clawdbot.app.http.ApiTokenStore(database, clock), dev.clawdbot.app.http.Scope.GUARD);
        GuardRoutes.register(routes, guard, (GuardRoutes.Authenticator) principals::apply);
        if (broker != null) ApprovalLinkPage.mount(routes, broker.broker());
        if (bridge != null) {
            routes.post("/bridge/{agent}", ctx -> ctx.status(bridge.handle(singleHeaders(ctx), ctx.bodyAsBytes(), ctx.pathParam("agent"))));
        }
        mountWebhook(routes, settings.config().telegram(), telegram == null ? null : telegram.webhookHandler());
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

    /** Starts the background services; the HTTP server is already listening. */
    void start() {
        try {
            if (broker != null) {
                broker.start();
                closeables.add(broker);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker: " + e.getMessage(), e);
        }
        if (bridgeSpool != null) {
            bridgeSpool.start();
            closeables.add(bridgeSpool);
        }
        if (telegram != null) {
            telegram.start();
            closeables.add(telegram);
        }
        if (mail != null) {
            mail.start();
            closeables.add(mail);
        }
        if (adminBot != null) {
            adminBot.start();
            closeables.add(adminBot);
        }
    }

    /** For {@code /status}: what each background service is doing. */
    Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sandbox", describe(sandbox.backend()));
        m.put("telegram", telegram == null ? "off" : "on, inbox " + telegram.inboxDepth() + ", outbound " + telegram.outboundDepth());
        m.put("broker", broker == null ? "off" : "on");
        m.put("bridge", bridge == null ? "off" : "receiving");
        m.put("mail notify", mail == null ? "off" : "on");
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

    List<AutoCloseable> closeables() {
        return closeables;
    }

    /** Supplies the admin bot's figures; implemented by {@link Server}, which sees every part. */
    interface AdminStatusSource {
        AdminStatus forAdminBot(Components components);
    }
}
