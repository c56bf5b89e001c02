package dev.clawdbot.fleet.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Monitors kept in {@code fleet_monitors} (added by the CLI or the HTTP API) as JSON with the config's keys. The
 * running role reads them at start and again whenever {@link #version()} moves. Secrets in a stored spec ({@code pushToken}, {@code password}) are stored as
 * given: the database is as private as the data dir.
 */
public final class StoredMonitors {
    /** A stored monitor and whether it is paused. */
    public record Stored(MonitorSpec spec, boolean paused) { }

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private final Database db;
    private final Clock clock;

    public StoredMonitors(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
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

    public static String json(MonitorSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Stored> all() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT spec, paused FROM fleet_monitors ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<Stored> out = new ArrayList<>();
                while (rs.next()) out.add(new Stored(parse(rs.getString(1)), rs.getInt(2) != 0));
                return out;
            }
        });
    }

    public Stored get(String name) {
        return all().stream().filter(s -> s.spec().name().equals(name)).findFirst().orElse(null);
    }

    /** Inserts or replaces; returns true when it was new. */
    public boolean put(MonitorSpec spec, boolean paused) {
        return db.inTransaction(c -> {
            try (PreparedStatement upd = c.prepareStatement("UPDATE fleet_monitors SET spec = ?, paused = ?, updated_at = ? WHERE name = ?")) {
                upd.setString(1, json(spec));
                upd.setInt(2, paused ? 1 : 0);
                upd.setLong(3, clock.millis());
                upd.setString(4, spec.name());
                if (upd.executeUpdate() > 0) {
                    bump(c);
                    return false;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO fleet_monitors (name, spec, paused, updated_at) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, spec.name());
                ins.setString(2, json(spec));
                ins.setInt(3, paused ? 1 : 0);
                ins.setLong(4, clock.millis());
                ins.executeUpdate();
                bump(c);
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
                ins.executeUpdate();
                bump(c);
                return null;
            }
        });
    }

    public boolean deleteWindow(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_maintenance WHERE name = ?")) {
                ps.setString(1, name);
                return deleted(ps, c);
            }
        });
    }

    /** Returns whether there was such a monitor. */
    public boolean delete(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM fleet_monitors WHERE name = ?")) {
                ps.setString(1, name);
                return deleted(ps, c);
            }
        });
    }

    /**
     * Raised by every change to the stored monitors or windows, by any process sharing the database: the running
     * role reloads when it moved.
     */
    public long version() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM fleet_monitor_changes WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Runs the DELETE; when it removed a row, raises the change counter in the same transaction. */
    private static boolean deleted(PreparedStatement delete, java.sql.Connection c) throws java.sql.SQLException {
        if (delete.executeUpdate() == 0) return false;
        bump(c);
        return true;
    }

    /** Raises the change counter in the caller's transaction. */
    private static void bump(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE fleet_monitor_changes SET version = version + 1 WHERE id = 1")) {
            ps.executeUpdate();
        }
    }
}
