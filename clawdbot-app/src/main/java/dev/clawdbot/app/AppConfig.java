package dev.clawdbot.app;

import dev.clawdbot.core.config.Secret;

import dev.clawdbot.agent.AgentsConfig;
import dev.clawdbot.app.http.HttpConfig;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.channels.MailConfig;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.VoiceConfig;
import dev.clawdbot.core.events.EventLogConfig;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.hosts.PinStore;
import dev.clawdbot.fleet.monitor.MonitorsConfig;
import dev.clawdbot.guard.GuardConfig;
import dev.clawdbot.ops.OpsConfig;
import dev.clawdbot.llm.ModelsConfig;
import dev.clawdbot.sandbox.SandboxConfig;
import dev.clawdbot.siem.SiemConfig;

import java.util.Map;

/**
 * The whole of {@code clawdbot.yaml}: one section per role or module, each validated by its own record.
 * Environment variables from the quick-start contract are applied on top by {@link Settings}. Sections
 * that start a service ({@code adminBot}, {@code voice}, {@code mail}, {@code broker}) are off when absent.
 */
public record AppConfig(String dataDir, DatabaseConfig database, EventLogConfig events, HttpConfig gateway,
                        ModelsConfig models, AgentsConfig agents, GuardConfig guard,
                        SandboxConfig sandbox, TelegramConfig telegram, TelegramConfig adminBot, VoiceConfig voice,
                        MailConfig mail, BrokerConfig broker, OperatorConfig operator, SiemConfig siem, OpsConfig ops,
                        MonitorsConfig monitors, Map<String, HostSpec> hosts) {

    public AppConfig {
        database = database == null ? new DatabaseConfig(null, null, null, null) : database;
        events = events == null ? new EventLogConfig(null, null, null, null) : events;
        models = models == null ? ModelsConfig.defaults() : models;
        agents = agents == null ? AgentsConfig.DEFAULTS : agents;
        gateway = gateway == null ? new HttpConfig(null, null, null, null, null, null, null) : gateway;
        guard = guard == null ? GuardConfig.defaults() : guard;
        sandbox = sandbox == null ? SandboxConfig.defaults() : sandbox;
        telegram = telegram == null ? TelegramConfig.of(null, null, null) : telegram;
        operator = operator == null ? OperatorConfig.defaults() : operator;
        siem = siem == null ? SiemConfig.defaults() : siem;
        ops = ops == null ? OpsConfig.defaults() : ops;
        monitors = monitors == null ? MonitorsConfig.defaults() : monitors;
        hosts = hosts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hosts));
        // validates names, jump hosts, and names in both hosts: and broker.hosts; SSH and CONTAINER monitors name one
        monitors.checkHosts(inventory(hosts, broker, null).hosts().keySet());
    }

    /** The managed hosts ({@code hosts:} plus the broker's older {@code broker.hosts}) with the pins recorded under {@code dataDir}. */
    public Inventory inventory(java.nio.file.Path dataDir) {
        return inventory(hosts, broker, dataDir == null ? null : new PinStore(dataDir));
    }

    private static Inventory inventory(Map<String, HostSpec> hosts, BrokerConfig broker, PinStore pins) {
        Inventory inv = Inventory.of(hosts, pins);
        return broker == null ? inv : inv.with(dev.clawdbot.broker.HostConfig.specs(broker.hosts()), "broker.hosts");
    }

    /**
     * {@code database:} — empty url means SQLite at {@code DATA/clawdbot.db}; a {@code jdbc:postgresql:} url
     * selects PostgreSQL (several nodes can share it).
     */
    public record DatabaseConfig(String url, String user, @Secret String password, Integer poolSize) {
        public DatabaseConfig {
            poolSize = poolSize == null ? 0 : poolSize;
            if (poolSize < 0 || poolSize > 200) throw new IllegalArgumentException("database.poolSize must be 0..200, was " + poolSize);
            if (url != null && !url.isBlank() && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("database.url must start with jdbc:sqlite: or jdbc:postgresql:");
            }
        }

        @Override
        public String toString() {
            return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "null" : "***") + "]";
        }
    }
}
