package dev.clawdbot.ops.scheduler;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler has no SQLite dialect: its generic one pages with {@code OFFSET 0 ROWS FETCH FIRST n ROWS ONLY},
 * which SQLite refuses, so every poll failed. SQLite's {@code LIMIT} instead; instants kept in UTC.
 */
final class SqliteJdbcCustomization extends DefaultJdbcCustomization {
    SqliteJdbcCustomization() {
        super(true);
    }

    @Override
    public String getName() {
        return "SQLite";
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }
}
