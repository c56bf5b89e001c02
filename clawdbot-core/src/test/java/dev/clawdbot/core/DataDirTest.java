package dev.clawdbot.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirTest {

    @Test
    void createsTheDirectoryPrivateWithParents(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b/data");
        DataDir d = DataDir.open(dir);
        assertThat(Files.isDirectory(dir)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(d.resolve("clawdbot.db")).isEqualTo(dir.toAbsolutePath().resolve("clawdbot.db"));
        assertThat(d.permissionProblems()).isEmpty();
    }

    @Test
    void refusesAFileWhereTheDirectoryShouldBe(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("data"), "x");
        assertThatThrownBy(() -> DataDir.open(file)).hasMessageContaining("exists but is not a directory");
    }

    @Test
    void reportsSharedDirectoryAndReadableFilesWithTheFix(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        DataDir d = DataDir.open(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = Files.writeString(dir.resolve("clawdbot.db"), "x");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Path events = Files.createDirectory(dir.resolve("events"));
        Files.setPosixFilePermissions(events, PosixFilePermissions.fromString("rwx------"));
        Path ok = Files.writeString(events.resolve("events.jsonl"), "");
        Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rw-------"));
        assertThat(d.permissionProblems()).containsExactlyInAnyOrder(
                dir + " (rwxr-xr-x) is accessible by group or others: run chmod 700 " + dir,
                db + " (rw-r--r--) is readable or writable by group or others: run chmod 600 " + db);
    }

    @Test
    void generatesAPrivateTokenOnceThenReadsIt(@TempDir Path tmp) throws Exception {
        DataDir d = DataDir.open(tmp.resolve("data"));
        DataDir.TokenResult first = d.gatewayToken(Optional.empty());
        assertThat(first.generated()).isTrue();
        assertThat(Base64.getUrlDecoder().decode(first.token())).hasSize(32);
        Path file = d.resolve(DataDir.TOKEN_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(first.token() + "\n");
        try (var files = Files.list(d.path())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DataDir.TOKEN_FILE);
        }
        DataDir.TokenResult second = d.gatewayToken(Optional.empty());
        assertThat(second.generated()).isFalse();
        assertThat(second.source()).isEqualTo(DataDir.TokenResult.Source.FILE);
        assertThat(second.token()).isEqualTo(first.token());
        assertThat(first.toString()).doesNotContain(first.token());
        assertThat(d.permissionProblems()).isEmpty();
    }

    @Test
    void environmentTokenWinsAndWritesNothing(@TempDir Path tmp) {
        DataDir d = DataDir.open(tmp.resolve("data"));
        DataDir.TokenResult r = d.gatewayToken(Optional.of("from-env-token-123"));
        assertThat(r.token()).isEqualTo("from-env-token-123");
        assertThat(r.source()).isEqualTo(DataDir.TokenResult.Source.ENVIRONMENT);
        assertThat(Files.exists(d.resolve(DataDir.TOKEN_FILE))).isFalse();
        assertThat(d.gatewayToken(Optional.of("  ")).generated()).isTrue();
    }

    @Test
    void emptyTokenFileIsAnErrorWithTheFix(@TempDir Path tmp) throws Exception {
        DataDir d = DataDir.open(tmp.resolve("data"));
        Files.writeString(d.resolve(DataDir.TOKEN_FILE), "\n");
        assertThatThrownBy(() -> d.gatewayToken(Optional.empty()))
                .hasMessageContaining("is empty: delete it to have a new token generated");
    }

    @Test
    void concurrentStartsAgreeOnOneToken(@TempDir Path tmp) throws Exception {
        DataDir d = DataDir.open(tmp.resolve("data"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<DataDir.TokenResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<DataDir.TokenResult> c = () -> {
                    go.await();
                    return DataDir.open(d.path()).gatewayToken(Optional.empty());
                };
                results.add(pool.submit(c));
            }
            go.countDown();
            HashSet<String> tokens = new HashSet<>();
            int generated = 0;
            for (Future<DataDir.TokenResult> f : results) {
                tokens.add(f.get().token());
                if (f.get().generated()) generated++;
            }
            assertThat(tokens).hasSize(1);
            assertThat(generated).isEqualTo(1);
            assertThat(tokens).containsExactly(Files.readString(d.resolve(DataDir.TOKEN_FILE)).strip());
        } finally {
            pool.shutdown();
        }
    }
}
