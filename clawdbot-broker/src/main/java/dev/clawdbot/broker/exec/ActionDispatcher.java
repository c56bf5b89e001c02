package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ExecutionConfig;
import dev.clawdbot.broker.HostConfig;
import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.admin.LocalActionExecutor;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.mail.SmtpConfig;

import java.nio.file.Files;
import java.time.Clock;
import dev.clawdbot.fleet.hosts.Inventory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses the executor for each approved action: {@code mail} goes to SMTP; an action on a host listed in
 * {@code broker.hosts} goes over SSH; a local container action goes to the Docker Engine API when its socket
 * exists and to the docker CLI otherwise; everything else local runs on this host. An unknown host is refused.
 * The broker's binding check and execution ledger sit in front of this and are unchanged.
 */
public final class ActionDispatcher implements ActionExecutor {

    private final ActionExecutor local;
    private final ActionExecutor engine;
    private final java.nio.file.Path socket;
    private final ActionExecutor mail;
    private final Map<String, ActionExecutor> hosts;

    ActionDispatcher(ActionExecutor local, ActionExecutor engine, java.nio.file.Path socket, ActionExecutor mail, Map<String, ActionExecutor> hosts) {
        this.local = local;
        this.engine = engine;
        this.socket = socket;
        this.mail = mail;
        this.hosts = Map.copyOf(hosts);
    }

    /**
     * The dispatcher for a broker configuration. Mail goes through {@code broker.execution.smtp}, else the SMTP
     * settings of {@code broker.email}; with neither, mail actions fail with a message saying so.
     */
    public static ActionDispatcher create(BrokerConfig config, EventSink events, Clock clock) {
        return create(config, Inventory.of(null, null).with(HostConfig.specs(config.hosts()), "broker.hosts"), events, clock);
    }

    /**
     * Like {@link #create(BrokerConfig, EventSink, Clock)}, executing on every host of the fleet's inventory (which
     * holds {@code broker.hosts} too); {@code dockerProgram} and {@code markerDir} come from {@code broker.hosts} where set.
     */
    public static ActionDispatcher create(BrokerConfig config, Inventory inventory, EventSink events, Clock clock) {
        ExecutionConfig x = config.execution();
        Map<String, ActionExecutor> hosts = new LinkedHashMap<>();
        for (String name : inventory.hosts().keySet()) {
            HostConfig legacy = config.hosts().get(name);
            hosts.put(name, new SshActionExecutor(name, () -> inventory.endpoint(name), legacy == null ? "docker" : legacy.dockerProgram(),
                    legacy == null ? ".clawdbot/executed" : legacy.markerDir(),
                    (legacy == null ? "hosts." : "broker.hosts.") + name + ".privateKey", x.timeout(), x.maxOutputBytes(), events, clock));
        }
        SmtpConfig smtp = x.smtp() != null ? x.smtp() : config.email() != null ? config.email().smtpConfig() : null;
        return new ActionDispatcher(new LocalActionExecutor(x.timeout(), null, x.dockerProgram(), x.maxOutputBytes()),
                new EngineContainerExecutor(new DockerEngineClient(x.dockerSocket(), x.timeout(), x.maxOutputBytes())), x.dockerSocket(),
                smtp == null ? null : new MailActionExecutor(smtp, clock), hosts);
    }

    @Override
    public Result execute(ProposedAction a, String idempotencyKey) throws Exception {
        return route(a).execute(a, idempotencyKey);
    }

    /** The executor {@link #execute} would use; failing executors explain why nothing can run. */
    ActionExecutor route(ProposedAction a) {
        if (a instanceof ProposedAction.Mail) {
            return mail != null ? mail : (x, k) -> new Result(-1, "no SMTP server for mail actions: set broker.execution.smtp or broker.email");
        }
        if (!a.host().equals("local")) {
            ActionExecutor ssh = hosts.get(a.host());
            return ssh != null ? ssh : (x, k) -> new Result(-1, "unknown host " + a.host() + ": it is not listed under broker.hosts; nothing was executed");
        }
        if (a instanceof ProposedAction.Container && Files.exists(socket)) return engine;
        return local;
    }
}
