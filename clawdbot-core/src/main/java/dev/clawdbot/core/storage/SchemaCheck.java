package dev.clawdbot.core.storage;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Decides whether Flyway can be skipped on start-up: only when {@code flyway_schema_history} already records
 * every versioned migration on the class path as applied successfully, with the same description, script and
 * checksum, and holds nothing else. Anything missing, different, failed, unknown (a baseline, a repeatable
 * migration, a version not on the class path) or unreadable means "run Flyway", which then migrates or
 * reports exactly as it always did; correctness never depends on this check, only start-up time does
 * (Flyway's class-path scan and validation cost ~0.1 s of CPU on every start).
 */
final class SchemaCheck {

    static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9_.]*)__(.+)\\.sql");

    /** One versioned SQL migration as Flyway records it. */
    record Migration(String version, String description, String script, int checksum) {
    }

    private SchemaCheck() {
    }

    /** True when the schema is known to be current; false whenever Flyway should run. */
    static boolean upToDate(DataSource dataSource, ClassLoader loader) {
        List<Migration> expected;
        try {
            expected = onClassPath(loader);
        } catch (RuntimeException e) {
            return false;
        }
        if (expected == null || expected.isEmpty()) return false;
        try (Connection c = dataSource.getConnection()) {
            return matches(expected, applied(c));
        } catch (SQLException | RuntimeException e) {
            // No history table yet (a new database), or one this check does not understand.
            return false;
        }
    }

    static boolean matches(List<Migration> expected, List<Migration> applied) {
        if (applied == null || applied.size() != expected.size()) return false;
        Map<String, Migration> byVersion = new HashMap<>();
        for (Migration m : applied) {
            if (byVersion.put(m.version(), m) != null) return false;
        }
        for (Migration m : expected) {
            if (!m.equals(byVersion.get(m.version()))) return false;
        }
        return true;
    }

    /** The history's rows; null when any row is not a successful versioned SQL migration. */
    private static List<Migration> applied(Connection c) throws SQLException {
        List<Migration> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, description, type, script, checksum, success FROM flyway_schema_history")) {
            while (rs.next()) {
                String version = rs.getString(1);
                int checksum = rs.getInt(5);
                boolean checksumNull = rs.wasNull();
                if (version == null || !"SQL".equals(rs.getString(3)) || checksumNull || !rs.getBoolean(6)) return null;
                out.add(new Migration(version, rs.getString(2), rs.getString(4), checksum));
            }
        }
        return out;
    }

    /**
     * Every versioned migration under {@value #LOCATION} in the class path's jars and directories; null when
     * something there is not a versioned SQL migration this check understands (Flyway then decides).
     */
    static List<Migration> onClassPath(ClassLoader loader) {
        List<Migration> out = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(LOCATION);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                boolean understood = switch (root.getProtocol()) {
                    case "jar" -> fromJar(root, out);
                    case "file" -> fromDirectory(Path.of(root.toURI()), out);
                    default -> false;
                };
                if (!understood) return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            return null;
        }
        return out;
    }

    private static boolean fromJar(URL root, List<Migration> out) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().startsWith(LOCATION + "/")) continue;
                try (InputStream in = jar.getInputStream(e)) {
                    if (!add(e.getName().substring(LOCATION.length() + 1), in, out)) return false;
                }
            }
        }
        return true;
    }

    private static boolean fromDirectory(Path dir, List<Migration> out) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                if (!add(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'), in, out)) return false;
            }
        }
        return true;
    }

    /** @param script the path below {@value #LOCATION}, as Flyway records it */
    private static boolean add(String script, InputStream in, List<Migration> out) throws IOException {
        Matcher m = VERSIONED.matcher(script.substring(script.lastIndexOf('/') + 1));
        if (!m.matches()) return false;
        String version = m.group(1).replace('_', '.');
        String description = m.group(2).replace('_', ' ');
        out.add(new Migration(version, description, script, checksum(in)));
        return true;
    }

    /**
     * Flyway's checksum of a SQL script: CRC-32 over the UTF-8 bytes of each line without its line ending, a
     * leading byte-order mark dropped, so that line endings and the BOM do not change it.
     */
    static int checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        boolean first = true;
        while ((line = reader.readLine()) != null) {
            if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
            first = false;
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }
}
