package dev.clawdbot.core.storage;

import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up shortcut around Flyway, on a real engine: skipped only when the history matches the class path
 * exactly; any difference makes Flyway run, which then migrates or fails exactly as without the shortcut.
 */
abstract class SchemaCheckContract {

    /** Settings for a new, empty database, different on every call. */
    abstract DatabaseSettings freshDatabase() throws Exception;

    private static void exec(Database db, String sql) {
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate(sql);
            }
        });
    }

    private static List<SchemaCheck.Migration> history(Database db) {
        return db.withConnection(c -> {
            List<SchemaCheck.Migration> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, description, script, checksum FROM flyway_schema_history")) {
                while (rs.next()) out.add(new SchemaCheck.Migration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
            }
            return out;
        });
    }

    @Test
    void aNewDatabaseIsMigratedAndTheNextOpenSkipsFlyway() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database first = Database.open(settings)) {
            assertThat(first.migrated()).isTrue();
        }
        try (Database again = Database.open(settings)) {
            assertThat(again.migrated()).isFalse();
            exec(again, "INSERT INTO core_probe (name, big) VALUES ('after-skip', 1)");
            assertThat(again.ping()).isTrue();
        }
    }

    @Test
    void theClassPathListMatchesWhatFlywayRecordedChecksumsIncluded() throws Exception {
        try (Database db = Database.open(freshDatabase())) {
            Comparator<SchemaCheck.Migration> byVersion = Comparator.comparing(SchemaCheck.Migration::version);
            List<SchemaCheck.Migration> onClassPath = new ArrayList<>(SchemaCheck.onClassPath(getClass().getClassLoader()));
            List<SchemaCheck.Migration> recorded = new ArrayList<>(history(db));
            onClassPath.sort(byVersion);
            recorded.sort(byVersion);
            assertThat(onClassPath).extracting(SchemaCheck.Migration::version).contains("1.1", "1.900");
            assertThat(recorded).isEqualTo(onClassPath);
        }
    }

    @Test
    void aMigrationMissingFromTheHistoryIsAppliedByFlyway() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database db = Database.open(settings)) {
            exec(db, "DROP TABLE core_probe_child");
            exec(db, "DROP TABLE core_probe");
            exec(db, "DELETE FROM flyway_schema_history WHERE version = '1.900'");
        }
        try (Database db = Database.open(settings)) {
            assertThat(db.migrated()).isTrue();
            exec(db, "INSERT INTO core_probe (name, big) VALUES ('re-created', 1)");
            assertThat(history(db)).extracting(SchemaCheck.Migration::version).contains("1.900");
        }
    }

    @Test
    void aChangedChecksumIsNotSkippedButReportedByFlywayValidation() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database db = Database.open(settings)) {
            exec(db, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1.1'");
        }
        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot migrate database")
                .hasMessageContaining("1.1");
    }

    @Test
    void aFailedMigrationInTheHistoryIsNotSkipped() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database db = Database.open(settings)) {
            exec(db, "UPDATE flyway_schema_history SET success = " + (db.dialect() == Database.Dialect.SQLITE ? "0" : "false")
                    + " WHERE version = '1.900'");
        }
        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot migrate database");
    }

    @Test
    void aVersionUnknownToThisBuildMakesFlywayDecide() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database db = Database.open(settings)) {
            exec(db, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                    + " SELECT MAX(installed_rank) + 1, '99.1', 'from a newer build', 'SQL', 'V99_1__from_a_newer_build.sql', 7, 'test', 1, "
                    + (db.dialect() == Database.Dialect.SQLITE ? "1" : "true") + " FROM flyway_schema_history");
        }
        // A newer build's migration is a "future" one, which Flyway ignores by default: it runs and succeeds.
        try (Database db = Database.open(settings)) {
            assertThat(db.migrated()).isTrue();
        }
    }

    @Test
    void aHistoryTableThatIsMissingMeansMigrate() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database db = Database.open(settings)) {
            assertThat(db.migrated()).isTrue();
            assertThat(SchemaCheck.upToDate(db.dataSource(), getClass().getClassLoader())).isTrue();
            exec(db, "DROP TABLE flyway_schema_history");
            assertThat(SchemaCheck.upToDate(db.dataSource(), getClass().getClassLoader())).isFalse();
        }
    }
}
