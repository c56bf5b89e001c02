package dev.clawdbot.fleet.monitor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/** Logs in to PostgreSQL at host:port as {@code user} and runs {@code SELECT 1}, all within the timeout. */
record PostgresProbe(MonitorSpec spec, Clock clock) implements Probe {
    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        Properties p = new Properties();
        p.setProperty("user", spec.user());
        if (spec.password() != null) p.setProperty("password", spec.password());
        String seconds = Long.toString(Math.max(1, spec.timeout().toSeconds()));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("socketTimeout", seconds);
        p.setProperty("ApplicationName", "clawdbot-monitor");
        String url = "jdbc:postgresql://" + spec.host() + ":" + spec.port() + "/" + spec.database();
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, spec.timeout().toSeconds()));
            st.execute("SELECT 1");
            return CheckResult.up(at, Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start),
                    "PostgreSQL: " + Text.clip(String.valueOf(e.getMessage()), 160) + state);
        }
    }
}
