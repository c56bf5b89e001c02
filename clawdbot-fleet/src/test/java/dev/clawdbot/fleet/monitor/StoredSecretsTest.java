package dev.clawdbot.fleet.monitor;

import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.api.MonitorApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets of stored monitors at rest: sealed in the row (read back raw over JDBC), redacted in the API, and still
 * the real values for the checks, against a local HTTP server that requires the Authorization header and an
 * embedded PostgreSQL that requires the password.
 */
class StoredSecretsTest {
    private static final String BEARER = "Bearer api-s3cret-7f3a";
    private static final String PG_PASSWORD = "pg-s3cret-91c2";
    private static final String PUSH = "push-s3cret-token-0123456789";
    @TempDir
    Path dir;

    @Test
    void theKeyFileIsMadePrivateOnceAndReadAgain() throws Exception {
        SecretSeal first = SecretSeal.open(dir);
        Path file = dir.resolve(SecretSeal.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String sealed = first.seal("x", "monitor/a/password");
        assertThat(SecretSeal.open(dir).open(sealed, "monitor/a/password")).isEqualTo("x");
        assertThatThrownBy(() -> first.open(sealed, "monitor/b/password")).hasMessageContaining("does not open");
        assertThat(Files.readAllLines(file)).filteredOn(l -> !l.startsWith("#")).hasSize(1);
    }

    @Test
    void apiSecretsAreSealedInTheRowRedactedInTheApiAndUsedByTheChecks() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            int status = BEARER.equals(ex.getRequestHeaders().getFirst("Authorization")) ? 200 : 401;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        http.start();
        try (Database db = Database.sqlite(dir.resolve("fleet.db")); EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            requirePassword(pg);
            SecretSeal seal = SecretSeal.open(dir);
            StoredMonitors stored = new StoredMonitors(db, Clock.systemUTC(), seal);
            MonitorApi api = new MonitorApi(MonitorsConfig.defaults(), stored, () -> null);
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/health";
            assertThat(api.create("{\"name\":\"web\",\"type\":\"HTTP\",\"url\":\"" + url + "\",\"headers\":{\"Authorization\":\"" + BEARER + "\"}}").status()).isEqualTo(201);
            assertThat(api.create("{\"name\":\"db\",\"type\":\"POSTGRES\",\"host\":\"127.0.0.1\",\"port\":" + pg.getPort()
                    + ",\"user\":\"mon\",\"password\":\"" + PG_PASSWORD + "\",\"timeout\":\"PT5S\"}").status()).isEqualTo(201);
            assertThat(api.create("{\"name\":\"cron\",\"type\":\"PUSH\",\"pushToken\":\"" + PUSH + "\"}").status()).isEqualTo(201);

            for (String name : List.of("web", "db", "cron")) {
                assertThat(rawRow(db, name)).contains(SecretSeal.PREFIX).doesNotContain("s3cret");
            }
            String listed = api.list().json();
            assertThat(listed).doesNotContain("s3cret").contains("\"Authorization\":\"<redacted>\"");

            // The checks get the clear values: 200 only with the header, a login only with the password.
            assertThat(MonitorRole.checkNow(stored.get("web").spec(), Clock.systemUTC()).up()).isTrue();
            CheckResult login = MonitorRole.checkNow(stored.get("db").spec(), Clock.systemUTC());
            assertThat(login.cause()).isNull();
            assertThat(MonitorRole.checkNow(stored.get("db").spec().toBuilder().password("wrong").build(), Clock.systemUTC()).cause())
                    .contains("28P01");
            assertThat(stored.get("cron").spec().pushToken()).isEqualTo(PUSH);

            // GET, change, PUT with the redacted header: the stored secret stays.
            String body = "{\"name\":\"web\",\"type\":\"HTTP\",\"url\":\"" + url + "\",\"interval\":\"PT30S\",\"headers\":{\"Authorization\":\"<redacted>\"}}";
            assertThat(api.update("web", body).status()).isEqualTo(200);
            assertThat(stored.get("web").spec().headers()).containsEntry("Authorization", BEARER);
            assertThat(rawRow(db, "web")).doesNotContain("s3cret").doesNotContain("<redacted>");

            // The role opens them with the key; without it a sealed row does not open.
            try (MonitorRole role = new MonitorRole(db, MonitorsConfig.defaults(), n -> { }, e -> { }, Clock.systemUTC(), null, seal)) {
                assertThat(role.specs()).extracting(MonitorSpec::name).containsExactly("cron", "db", "web");
            }
            assertThatThrownBy(() -> new StoredMonitors(db, Clock.systemUTC(), SecretSeal.none()).all())
                    .hasMessageContaining("is sealed with key");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void clearRowsAndRowsOfAnOlderKeyAreSealedAnewWithTheCurrentKey() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("fleet.db"))) {
            // A row as stored before sealing existed.
            db.withConnection(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("INSERT INTO fleet_monitors (name, spec, paused, updated_at) VALUES ('db', "
                            + "'{\"name\":\"db\",\"type\":\"POSTGRES\",\"host\":\"db1\",\"password\":\"" + PG_PASSWORD + "\"}', 0, 0)");
                }
            });
            SecretSeal old = SecretSeal.open(dir);
            assertThat(new StoredMonitors(db, Clock.systemUTC(), old).get("db").spec().password()).isEqualTo(PG_PASSWORD);
            String sealedOld = rawRow(db, "db");
            assertThat(sealedOld).contains(SecretSeal.PREFIX).doesNotContain("s3cret");

            // Rotation: a new key on the first line, the old one kept below it.
            Path file = dir.resolve(SecretSeal.KEY_FILE);
            String oldKey = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
            Files.writeString(file, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n" + oldKey + "\n");
            SecretSeal rotated = SecretSeal.open(dir);
            assertThat(new StoredMonitors(db, Clock.systemUTC(), rotated).get("db").spec().password()).isEqualTo(PG_PASSWORD);
            String sealedNew = rawRow(db, "db");
            assertThat(sealedNew).isNotEqualTo(sealedOld).doesNotContain("s3cret");
            // The old line can go now.
            Files.writeString(file, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
            assertThat(new StoredMonitors(db, Clock.systemUTC(), SecretSeal.open(dir)).get("db").spec().password()).isEqualTo(PG_PASSWORD);
            assertThat(rawRow(db, "db")).isEqualTo(sealedNew);
        }
    }

    private static String rawRow(Database db, String name) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT spec FROM fleet_monitors WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** A login role with a password, and pg_hba asking for it on TCP (zonky's default trusts everyone). */
    private static void requirePassword(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE mon LOGIN PASSWORD '" + PG_PASSWORD + "'");
            String hba;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
            }
            Files.writeString(Path.of(hba), "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
                    + "host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n");
            st.execute("SELECT pg_reload_conf()");
        }
    }
}
