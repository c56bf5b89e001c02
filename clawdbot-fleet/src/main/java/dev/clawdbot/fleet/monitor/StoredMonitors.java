package dev.clawdbot.fleet.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Monitors kept in {@code fleet_monitors} (added by the CLI or the HTTP API) as JSON with the config's keys. The
 * running role reads them at start. The secrets in a stored spec ({@code pushToken}, {@code password},
 * {@code clientCertificatePassword} and every header value) are sealed with {@link SecretSeal} (AES-GCM, the key in
 * the data dir): the row never holds them in clear. A row with a clear secret (stored before sealing existed) or one
 * sealed with an older key is sealed anew with the current key when read.
 */
public final class StoredMonitors {
    /** A stored monitor and whether it is paused. */
    public record Stored(MonitorSpec spec, boolean paused) { }

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    /** The scalar secrets; every value of {@code headers} is one too (Authorization, API keys). */
    static final List<String> SECRET_FIELDS = List.of("pushToken", "password", "clientCertificatePassword");
    /** What the API shows for a header value; sent back in a PUT it keeps the stored value. */
    public static final String REDACTED = "<redacted>";

    private final Database db;
    private final Clock clock;
    private final SecretSeal seal;

    public StoredMonitors(Database db, Clock clock, SecretSeal seal) {
        this.db = db;
        this.clock = clock;
        this.seal = seal;
    }

    /** A spec that does not parse or validate; {@code field} is the config key at fault, when known. */
    public static final class InvalidSpec extends IllegalArgumentException {
        private final String field;

        InvalidSpec(String message, String field) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** A spec from JSON text; a validation error keeps the key-naming message of the record. */
    public static MonitorSpec parse(String json) {
        try {
            return JSON.readValue(json, MonitorSpec.class);
        } catch (ValueInstantiationException e) {
            String msg = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw new InvalidSpec(msg, fieldOf(msg));
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new InvalidSpec("monitor: unknown key " + e.getPropertyName(), e.getPropertyName());
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().getLast().getFieldName();
            throw new InvalidSpec("monitor: " + (field == null ? "" : field + ": ") + e.getOriginalMessage(), field);
        } catch (JsonProcessingException e) {
            throw new InvalidSpec("monitor: not JSON: " + e.getOriginalMessage(), null);
        }
    }

    /** {@code port} of {@code monitors.db.port: need ...}; {@code name} of {@code monitors: name must ...}. */
    static String fieldOf(String message) {
        if (message == null || !message.startsWith("monitors")) return null;
        int colon = message.indexOf(':');
        if (colon < 0) return null;
        String key = message.substring(0, colon);
        if (key.equals("monitors")) return message.startsWith("monitors: name") ? "name" : null;
        int dot = key.lastIndexOf('.');
        return dot < 0 ? null : key.substring(dot + 1);
    }

    public List<Stored> all() {
        List<Stored> out = new ArrayList<>();
        List<Stored> stale = new ArrayList<>();
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, spec, paused FROM fleet_monitors ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode tree = tree(rs.getString(2));
                    boolean old = openSecrets(tree, rs.getString(1));
                    Stored s = new Stored(spec(tree), rs.getInt(3) != 0);
                    out.add(s);
                    if (old) stale.add(s);
                }
                return null;
            }
        });
        // Clear (stored before sealing) or sealed with an older key: sealed anew with the current one.
        if (seal.canSeal()) stale.forEach(s -> put(s.spec(), s.paused()));
        return out;
    }

    /** The spec's JSON with its secrets sealed: what the row holds. */
    String sealedJson(MonitorSpec spec) {
        ObjectNode tree = JSON.valueToTree(spec);
        String name = spec.name();
        for (String f : SECRET_FIELDS) {
            if (tree.hasNonNull(f)) tree.put(f, sealOnce(tree.get(f).asText(), context(name, f)));
        }
        if (tree.get("headers") instanceof ObjectNode h) {
            for (String k : names(h)) h.put(k, sealOnce(h.get(k).asText(), context(name, "headers." + k)));
        }
        return tree.toString();
    }

    private String sealOnce(String value, String context) {
        return seal.current(value) ? value : seal.seal(seal.open(value, context), context);
    }

    /** Opens the secrets in place; true when one was clear or sealed with an older key. */
    private boolean openSecrets(ObjectNode tree, String name) {
        boolean stale = false;
        for (String f : SECRET_FIELDS) {
            if (!tree.hasNonNull(f)) continue;
            String v = tree.get(f).asText();
            stale |= !seal.current(v);
            tree.put(f, seal.open(v, context(name, f)));
        }
        if (tree.get("headers") instanceof ObjectNode h) {
            for (String k : names(h)) {
                String v = h.get(k).asText();
                stale |= !seal.current(v);
                h.put(k, seal.open(v, context(name, "headers." + k)));
            }
        }
        return stale;
    }

    /** The associated data of a sealed value: a value moved to another monitor or field does not open. */
    private static String context(String monitor, String field) {
        return "monitor/" + monitor + "/" + field;
    }

    private static List<String> names(ObjectNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("fleet_monitors: unreadable row", e);
        }
    }

    private static MonitorSpec spec(ObjectNode tree) {
        try {
            return JSON.treeToValue(tree, MonitorSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("fleet_monitors: unreadable row: " + e.getMessage(), e);
        }
    }

    /** The spec as JSON for the API: scalar secrets left out, header values {@link #REDACTED}. */
    public static ObjectNode redacted(MonitorSpec spec) {
        ObjectNode tree = JSON.valueToTree(spec);
        SECRET_FIELDS.forEach(tree::remove);
        if (tree.get("headers") instanceof ObjectNode h) names(h).forEach(k -> h.put(k, REDACTED));
        return tree;
    }

    /**
     * A PUT body whose header values are {@link #REDACTED} (as a GET shows them) gets the stored values back, so
     * read-modify-write keeps the secrets; any other body is returned as it is.
     */
    public static String restoreRedacted(String body, MonitorSpec old) {
        try {
            if (!(JSON.readTree(body) instanceof ObjectNode tree) || !(tree.get("headers") instanceof ObjectNode h)) return body;
            boolean changed = false;
            for (String k : names(h)) {
                if (REDACTED.equals(h.get(k).asText()) && old.headers() != null && old.headers().containsKey(k)) {
                    h.put(k, old.headers().get(k));
                    changed = true;
                }
            }
            return changed ? tree.toString() : body;
        } catch (JsonProcessingException e) {
            return body;
        }
    }

    public Stored get(String name) {
        return all().stream().filter(s -> s.spec().name().equals(name)).findFirst().orElse(null);
    }

    /** Inserts or replaces; returns true when it was new. */
    public boolean put(MonitorSpec spec, boolean paused) {
        return db.inTransaction(c -> {
            try (PreparedStatement upd = c.prepareStatement("UPDATE fleet_monitors SET spec = ?, paused = ?, updated_at = ? WHERE name = ?")) {
                upd.setString(1, sealedJson(spec));
                upd.setInt(2, paused ? 1 : 0);
                upd.setLong(3, clock.millis());
                upd.setString(4, spec.name());
                if (upd.executeUpdate() > 0) return false;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO fleet_monitors (name, spec, paused, updated_at) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, spec.name());
                ins.setString(2, sealedJson(spec));
                ins.setInt(3, paused ? 1 : 0);
                ins.setLong(4, clock.millis());
                ins.executeUpdate();
                return true;
            }
        });
    }

    /** The maintenance windows stored by the API, by name. */
    public List<MaintenanceWindow> windows() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT spec FROM fleet_maintenance ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<MaintenanceWindow> out = new ArrayList<>();
                while (rs.next()) {
                    try {
                        out.add(JSON.readValue(rs.getString(1), MaintenanceWindow.class));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("fleet_maintenance: unreadable row: " + e.getOriginalMessage(), e);
                    }
                }
                return out;
            }
        });
    }

    /** A window from JSON; errors as {@link #parse}. */
    public static MaintenanceWindow parseWindow(String json) {
        try {
            return JSON.readValue(json, MaintenanceWindow.class);
        } catch (ValueInstantiationException e) {
            String msg = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw new InvalidSpec(msg, fieldOf(msg));
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new InvalidSpec("maintenance: unknown key " + e.getPropertyName(), e.getPropertyName());
        } catch (JsonProcessingException e) {
            throw new InvalidSpec("maintenance: " + e.getOriginalMessage(), null);
        }
    }

    public void putWindow(MaintenanceWindow w) {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM fleet_maintenance WHERE name = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO fleet_maintenance (name, spec, updated_at) VALUES (?, ?, ?)")) {
                del.setString(1, w.name());
                del.executeUpdate();
                ins.setString(1, w.name());
                try {
                    ins.setString(2, JSON.writeValueAsString(w));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                ins.setLong(3, clock.millis());
                return ins.executeUpdate();
            }
        });
    }

    public boolean deleteWindow(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_maintenance WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Returns whether there was such a monitor. */
    public boolean delete(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_monitors WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
