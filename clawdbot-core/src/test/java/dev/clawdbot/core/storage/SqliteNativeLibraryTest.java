package dev.clawdbot.core.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteNativeLibraryTest {

    @TempDir
    Path dir;

    @Test
    void theCopyIsWrittenOnceInAPrivateDirectoryAndReusedWhileItMatches() throws IOException {
        Path first = SqliteNativeLibrary.verifiedCopy(dir.resolve("native"));
        assertThat(first).isNotNull().isRegularFile();
        assertThat(first.getParent().getFileName().toString()).startsWith("sqlite-native-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rw-------");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(first, old);

        Path second = SqliteNativeLibrary.verifiedCopy(dir.resolve("native"));
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).as("not rewritten").isEqualTo(old);
        try (var files = Files.list(first.getParent())) {
            assertThat(files).as("no temporary files left").containsExactly(first);
        }
    }

    @Test
    void anAlteredCopyOfTheSameSizeIsReplacedByTheJarsLibrary() throws IOException {
        Path copy = SqliteNativeLibrary.verifiedCopy(dir);
        byte[] good = Files.readAllBytes(copy);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x5A;
        Files.write(copy, bad);

        Path again = SqliteNativeLibrary.verifiedCopy(dir);
        assertThat(again).isEqualTo(copy);
        assertThat(Files.readAllBytes(again)).isEqualTo(good);
    }

    @Test
    void aTruncatedOrMissingCopyIsWrittenAgain() throws IOException {
        Path copy = SqliteNativeLibrary.verifiedCopy(dir);
        byte[] good = Files.readAllBytes(copy);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            ch.truncate(good.length / 3);
        }
        assertThat(Files.readAllBytes(SqliteNativeLibrary.verifiedCopy(dir))).isEqualTo(good);
        Files.delete(copy);
        assertThat(Files.readAllBytes(SqliteNativeLibrary.verifiedCopy(dir))).isEqualTo(good);
    }

    @Test
    void matchesComparesSizeAndCrc() throws IOException {
        Path f = dir.resolve("f");
        Files.writeString(f, "abc");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("abc".getBytes());
        assertThat(SqliteNativeLibrary.matches(f, 3, crc.getValue())).isTrue();
        assertThat(SqliteNativeLibrary.matches(f, 4, crc.getValue())).isFalse();
        assertThat(SqliteNativeLibrary.matches(f, 3, crc.getValue() ^ 1)).isFalse();
        assertThat(SqliteNativeLibrary.matches(dir.resolve("missing"), 3, crc.getValue())).isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFreshJvmLoadsTheDriverFromTheVerifiedCopyAndExtractsNothingIntoTheTempDir() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path data = dir.resolve("data");
        for (int run = 0; run < 2; run++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + tmp, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), OpenAndShowMappedLibrary.class.getName(), data.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).as("run %d", run).contains(data.resolve("native").toString() + "/sqlite-native-");
            try (var left = Files.list(tmp)) {
                assertThat(left).as("nothing extracted into java.io.tmpdir").isEmpty();
            }
        }
    }

    /** Opens a database in the data dir it is given and prints where the SQLite library was mapped from. */
    public static final class OpenAndShowMappedLibrary {
        public static void main(String[] args) throws IOException {
            try (Database db = Database.sqlite(Path.of(args[0]).resolve("clawdbot.db"))) {
                if (!db.ping()) throw new IllegalStateException("no ping");
            }
            try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
                lines.filter(l -> l.contains("sqlitejdbc")).map(l -> l.substring(l.indexOf('/'))).distinct().forEach(System.out::println);
            }
        }
    }
}
