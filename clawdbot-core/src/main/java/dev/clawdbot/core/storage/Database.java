package dev.clawdbot.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transactional store: SQLite (WAL, immediate transactions, busy timeout) by default, PostgreSQL by
 * JDBC URL. Every module contributes Flyway migrations under {@code db/migration/<module>/} with its own
 * version range (core 1.x, agent 2.x, llm 3.x, guard 4.x, sandbox 5.x, channels 6.x, broker 7.x, ops 8.x, app 9.x).
 * SQL that differs between the two engines uses the placeholders {@code ${id_pk}} (auto-increment
 * primary key), {@code ${blob}} and {@code ${bigint}}.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final boolean migrated;
    /**
     * SQLite lets one transaction write at a time, and a second one (every transaction here begins IMMEDIATE)
     * waits in SQLite's busy handler, which polls with sleeps growing to 100 ms: under load, turns commit in
     * bursts and the slowest wait tens of milliseconds for a lock that was free after one. Transactions of this
     * process queue here instead, first come first served, each woken as soon as the one before commits. Other
     * processes on the same file (the command line) still meet the busy handler. Null for PostgreSQL.
     */
    private final ReentrantLock sqliteWriter;

    private Database(HikariDataSource dataSource, Dialect dialect, boolean migrated) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.migrated = migrated;
        this.sqliteWriter = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
    }

    /** Beside the database file: sqlite-jdbc's native library, copied once (see {@link SqliteNativeLibrary}). */
    static final String NATIVE_DIR = "native";

    /**
     * Opens (creating if needed) a SQLite database file and migrates it to the latest schema. A new file is
     * created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
     * The driver's native library is loaded from a verified copy in {@code native/} beside the file.
     */
    public static Database sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Created concurrently by another opener: SQLite opens it as it is.
        } catch (java.io.IOException e) {
            throw new StorageException("cannot create the directory for database " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) SqliteNativeLibrary.useStableCopy(dir.resolve(NATIVE_DIR));
        return open(new DatabaseSettings("jdbc:sqlite:" + file.toAbsolutePath(), null, null, 0));
    }

    /**
     * Opens the database the settings name and migrates it to the latest schema. Flyway runs unless the
     * schema history already records exactly the migrations on the class path ({@link SchemaCheck}).
     */
    public static Database open(DatabaseSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Dialect dialect = Dialect.fromUrl(settings.url());
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(settings.url());
        hc.setPoolName("clawdbot-db");
        if (settings.user() != null) hc.setUsername(settings.user());
        if (settings.password() != null) hc.setPassword(settings.password());
        if (dialect == Dialect.SQLITE) {
            SQLiteConfig sc = new SQLiteConfig();
            sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: a committed turn survives power loss, not only a process crash.
            sc.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sc.setBusyTimeout(15_000);
            sc.enforceForeignKeys(true);
            // IMMEDIATE avoids the read-then-write lock upgrade that busy_timeout cannot resolve.
            sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            hc.setDataSourceProperties(sc.toProperties());
            hc.setMaximumPoolSize(settings.poolSize() > 0 ? settings.poolSize() : 4);
        } else {
            hc.setMaximumPoolSize(settings.poolSize() > 0 ? settings.poolSize() : 10);
        }
        hc.setConnectionTimeout(30_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StorageException("cannot open database " + settings.redactedUrl() + ": " + rootMessage(e), e);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) loader = Database.class.getClassLoader();
        boolean migrate = !SchemaCheck.upToDate(ds, loader);
        if (migrate) {
            try {
                Flyway.configure(loader)
                        .dataSource(ds)
                        .locations("classpath:" + SchemaCheck.LOCATION)
                        .placeholders(dialect.placeholders())
                        .failOnMissingLocations(false)
                        .load()
                        .migrate();
            } catch (RuntimeException e) {
                ds.close();
                throw new StorageException("cannot migrate database " + settings.redactedUrl() + ": " + rootMessage(e), e);
            }
        }
        return new Database(ds, dialect, migrate);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Whether opening ran Flyway (false: the schema history showed every migration applied already). */
    boolean migrated() {
        return migrated;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        if (sqliteWriter == null) return transaction(work);
        sqliteWriter.lock();
        try {
            return transaction(work);
        } finally {
            sqliteWriter.unlock();
        }
    }

    /** Transactions of this process waiting for SQLite's single writer slot (always 0 on PostgreSQL). */
    int queuedWriters() {
        return sqliteWriter == null ? 0 : sqliteWriter.getQueueLength();
    }

    private <T> T transaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    /** True when a trivial query answers. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r.getMessage() == null ? r.toString() : r.getMessage();
    }

    /** Work on a connection; may throw {@link SQLException}, which is wrapped in {@link StorageException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The two supported engines and their SQL differences. */
    public enum Dialect {
        SQLITE(Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT", "blob", "BLOB", "bigint", "INTEGER")),
        POSTGRESQL(Map.of("id_pk", "BIGSERIAL PRIMARY KEY", "blob", "BYTEA", "bigint", "BIGINT"));

        private final Map<String, String> placeholders;

        Dialect(Map<String, String> placeholders) {
            this.placeholders = placeholders;
        }

        Map<String, String> placeholders() {
            return placeholders;
        }

        static Dialect fromUrl(String url) {
            if (url == null) throw new StorageException("database url is empty");
            if (url.startsWith("jdbc:sqlite:")) return SQLITE;
            if (url.startsWith("jdbc:postgresql:")) return POSTGRESQL;
            throw new StorageException("unsupported database url '" + url.replaceAll("//[^@/]*@", "//***@")
                    + "': use jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB");
        }
    }
}
