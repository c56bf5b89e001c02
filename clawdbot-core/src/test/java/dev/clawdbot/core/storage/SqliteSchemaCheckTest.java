package dev.clawdbot.core.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteSchemaCheckTest extends SchemaCheckContract {

    @TempDir
    Path dir;
    private int n;

    @Override
    DatabaseSettings freshDatabase() {
        return new DatabaseSettings("jdbc:sqlite:" + dir.resolve("db" + (n++) + ".db"), null, null, 0);
    }

    private static int checksum(String text) throws IOException {
        return SchemaCheck.checksum(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void checksumIgnoresLineEndingsAndAByteOrderMarkLikeFlyway() throws IOException {
        CRC32 crc = new CRC32();
        crc.update("CREATE TABLE t (x INT);SELECT 1;".getBytes(StandardCharsets.UTF_8));
        int expected = (int) crc.getValue();
        assertThat(checksum("CREATE TABLE t (x INT);\nSELECT 1;\n")).isEqualTo(expected);
        assertThat(checksum("CREATE TABLE t (x INT);\r\nSELECT 1;")).isEqualTo(expected);
        assertThat(checksum("\uFEFFCREATE TABLE t (x INT);\rSELECT 1;")).isEqualTo(expected);
        assertThat(checksum("CREATE TABLE t (x INT);\nSELECT 2;")).isNotEqualTo(expected);
    }

    @Test
    void matchingNeedsTheSameSetNotASubsetNorDuplicates() {
        SchemaCheck.Migration a = new SchemaCheck.Migration("1.1", "events", "V1_1__events.sql", 5);
        SchemaCheck.Migration b = new SchemaCheck.Migration("2.1", "sessions", "V2_1__sessions.sql", 6);
        assertThat(SchemaCheck.matches(List.of(a, b), List.of(b, a))).isTrue();
        assertThat(SchemaCheck.matches(List.of(a, b), List.of(a))).isFalse();
        assertThat(SchemaCheck.matches(List.of(a), List.of(a, b))).isFalse();
        assertThat(SchemaCheck.matches(List.of(a, b), List.of(a, a))).isFalse();
        assertThat(SchemaCheck.matches(List.of(a), List.of(new SchemaCheck.Migration("1.1", "events", "V1_1__events.sql", 4)))).isFalse();
        assertThat(SchemaCheck.matches(List.of(a), List.of(new SchemaCheck.Migration("1.1", "evnts", "V1_1__events.sql", 5)))).isFalse();
        assertThat(SchemaCheck.matches(List.of(a), null)).isFalse();
    }
}
