package dev.clawdbot.fleet.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.fleet.monitor.MaintenanceWindow;
import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.fleet.monitor.MonitorSpec;
import dev.clawdbot.fleet.monitor.MonitorState;
import dev.clawdbot.fleet.monitor.MonitorsConfig;
import dev.clawdbot.fleet.monitor.StoreRules;
import dev.clawdbot.fleet.monitor.StoredMonitors;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The monitors HTTP API without the HTTP: the gateway maps {@code GET/POST /api/monitors},
 * {@code PUT/DELETE /api/monitors/<name>} and {@code POST /api/monitors/<name>/pause|resume} here, after checking
 * the caller's token has the {@code monitors} scope. Bodies are the monitor as JSON with the config's keys;
 * errors are {@code {"error": "...", "field": "port"}}. Config monitors are listed but read-only (409).
 * Changes are stored, and applied at once when the monitor role runs in this process.
 */
public final class MonitorApi {
    /** An HTTP status and a JSON body. */
    public record Reply(int status, String json) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MonitorsConfig config;
    private final StoredMonitors stored;
    private final Supplier<MonitorRole> role;
    private final Set<String> hosts;

    /** Without managed hosts: SSH and CONTAINER monitors are refused. */
    public MonitorApi(MonitorsConfig config, StoredMonitors stored, Supplier<MonitorRole> role) {
        this(config, stored, role, Set.of());
    }

    /** {@code hosts}: the names of the managed hosts ({@code hosts:} and {@code broker.hosts}) SSH and CONTAINER monitors may name. */
    public MonitorApi(MonitorsConfig config, StoredMonitors stored, Supplier<MonitorRole> role, Set<String> hosts) {
        this.config = config;
        this.stored = stored;
        this.role = role;
        this.hosts = Set.copyOf(hosts);
    }

    public Reply list() {
        ArrayNode out = JSON.createArrayNode();
        for (MonitorSpec s : config.monitors()) out.add(entry(s, "config", false));
        for (StoredMonitors.Stored s : stored.all()) {
            if (!fromConfig(s.spec().name())) out.add(entry(s.spec(), "api", s.paused()));
        }
        return new Reply(200, out.toString());
    }

    public Reply create(String body) {
        MonitorSpec spec;
        try {
            spec = StoredMonitors.parse(body);
            StoreRules.checkHost(spec, hosts);
        } catch (StoredMonitors.InvalidSpec e) {
            return error(400, e.getMessage(), e.field());
        }
        if (fromConfig(spec.name())) return error(409, "monitor " + spec.name() + " is in the config file, which the API cannot change", "name");
        if (stored.get(spec.name()) != null) return error(409, "monitor " + spec.name() + " exists; PUT /api/monitors/" + spec.name() + " replaces it", "name");
        stored.put(spec, false);
        apply(spec, false);
        return new Reply(201, entry(spec, "api", false).toString());
    }

    public Reply update(String name, String body) {
        if (fromConfig(name)) return error(409, "monitor " + name + " is in the config file, which the API cannot change", null);
        StoredMonitors.Stored old = stored.get(name);
        if (old == null) return error(404, "no monitor " + name, null);
        MonitorSpec spec;
        try {
            spec = StoredMonitors.parse(StoredMonitors.restoreRedacted(body, old.spec()));
            StoreRules.checkHost(spec, hosts);
        } catch (StoredMonitors.InvalidSpec e) {
            return error(400, e.getMessage(), e.field());
        }
        if (!spec.name().equals(name)) return error(400, "name: the body names " + spec.name() + ", the URL " + name, "name");
        stored.put(spec, old.paused());
        apply(spec, old.paused());
        return new Reply(200, entry(spec, "api", old.paused()).toString());
    }

    public Reply pause(String name, boolean paused) {
        if (fromConfig(name)) return error(409, "monitor " + name + " is in the config file; set monitors.enabled or remove it there", null);
        StoredMonitors.Stored old = stored.get(name);
        if (old == null) return error(404, "no monitor " + name, null);
        stored.put(old.spec(), paused);
        apply(old.spec(), paused);
        return new Reply(200, entry(old.spec(), "api", paused).toString());
    }

    public Reply delete(String name) {
        if (fromConfig(name)) return error(409, "monitor " + name + " is in the config file, which the API cannot change", null);
        if (!stored.delete(name)) return error(404, "no monitor " + name, null);
        MonitorRole r = role.get();
        if (r != null) r.remove(name);
        return new Reply(204, "");
    }

    /** Config windows ({@code source: config}) and API ones ({@code api}). */
    public Reply windows() {
        ArrayNode out = JSON.createArrayNode();
        for (MaintenanceWindow w : config.maintenance()) out.add(window(w, "config"));
        for (MaintenanceWindow w : stored.windows()) {
            if (!windowFromConfig(w.name())) out.add(window(w, "api"));
        }
        return new Reply(200, out.toString());
    }

    /** Creates or replaces an API window ({@code PUT /api/maintenance/<name>}); the body's name must be the URL's. */
    public Reply putWindow(String name, String body) {
        if (windowFromConfig(name)) return error(409, "maintenance window " + name + " is in the config file, which the API cannot change", null);
        MaintenanceWindow w;
        try {
            w = StoredMonitors.parseWindow(body);
            if (!w.name().equals(name)) return error(400, "name: the body names " + w.name() + ", the URL " + name, "name");
            StoreRules.checkWindow(w, config, stored);
        } catch (StoredMonitors.InvalidSpec e) {
            return error(400, e.getMessage(), e.field());
        }
        stored.putWindow(w);
        MonitorRole r = role.get();
        if (r != null) r.applyWindow(w);
        return new Reply(200, window(w, "api").toString());
    }

    public Reply deleteWindow(String name) {
        if (windowFromConfig(name)) return error(409, "maintenance window " + name + " is in the config file, which the API cannot change", null);
        if (!stored.deleteWindow(name)) return error(404, "no maintenance window " + name, null);
        MonitorRole r = role.get();
        if (r != null) r.removeWindow(name);
        return new Reply(204, "");
    }

    private boolean windowFromConfig(String name) {
        return StoreRules.configWindow(config, name);
    }

    private static ObjectNode window(MaintenanceWindow w, String source) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", w.name());
        n.put("source", source);
        n.put("calendar", w.calendar());
        n.put("duration", w.duration().toString());
        ArrayNode ms = n.putArray("monitors");
        w.monitors().forEach(ms::add);
        return n;
    }

    private void apply(MonitorSpec spec, boolean paused) {
        MonitorRole r = role.get();
        if (r != null) r.apply(spec, paused);
    }

    private boolean fromConfig(String name) {
        return StoreRules.configMonitor(config, name);
    }

    private ObjectNode entry(MonitorSpec spec, String source, boolean paused) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", spec.name());
        n.put("source", source);
        n.put("paused", paused);
        MonitorRole r = role.get();
        MonitorState state = r == null ? null : r.state(spec.name());
        n.put("state", state == null ? null : state.name());
        n.put("warning", r == null ? null : r.warning(spec.name()));
        n.set("spec", StoredMonitors.redacted(spec)); // secrets are written, never read back
        return n;
    }

    private static Reply error(int status, String message, String field) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        if (field != null) n.put("field", field);
        return new Reply(status, n.toString());
    }
}
