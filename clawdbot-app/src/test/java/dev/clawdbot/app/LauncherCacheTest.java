package dev.clawdbot.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launchers' shell logic in scripts/find-java.sh, run by bash against a fake JDK whose {@code java} is a
 * script: it logs every call and plays the JVM's part in an AOT training (writes the configuration when
 * recording, the cache when creating), or fails where told to.
 */
class LauncherCacheTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "find-java.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path jdk;
    private Path cache;
    private Path jar;

    @BeforeEach
    void fakeJdk() throws IOException {
        jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        release("25.0.3");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "$*" >> "$(dirname "$0")/../calls"
                env | grep -E '^(TELEGRAM|ANTHROPIC|OPENAI|CLAWDBOT)' | sort >> "$(dirname "$0")/../env" || true
                [ -e "$(dirname "$0")/../fail" ] && exit 1
                for a in "$@"; do
                  case "$a" in
                    -XX:AOTMode=record) mode=record ;;
                    -XX:AOTMode=create) mode=create ;;
                    -XX:AOTConfiguration=*) conf=${a#*=} ;;
                    -XX:AOTCache=*) out=${a#*=} ;;
                  esac
                done
                [ "${mode:-}" = record ] && echo recorded > "$conf"
                [ "${mode:-}" = create ] && { [ -s "$conf" ] || exit 3; echo cache > "$out"; }
                exit 0
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        cache = dir.resolve("cache");
        jar = Files.writeString(dir.resolve("app.jar"), "v1");
    }

    private void release(String version) throws IOException {
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    }

    private List<String> calls() throws IOException {
        Path calls = jdk.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache)) return List.of();
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs {@code clawdbot_class_cache} and returns the options it chose, one per line. */
    private String cacheOptions(String mayTrain, String... extraEnv) throws Exception {
        String shell = ". '" + SCRIPT + "'; export JAVA_HOME='" + jdk + "'; set -euo pipefail; "
                + "clawdbot_class_cache '" + cache + "' '" + jar + "' " + mayTrain + " '" + jar + "'; "
                + "printf '%s\\n' ${CLAWDBOT_CACHE_OPTS[@]+\"${CLAWDBOT_CACHE_OPTS[@]}\"}";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", shell).redirectError(ProcessBuilder.Redirect.DISCARD);
        for (String kv : extraEnv) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("the launcher carries on whatever happens to the cache").isZero();
        return out.strip();
    }

    private String javaMajor() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". '" + SCRIPT + "'; clawdbot_java_major '" + jdk.resolve("bin/java") + "'").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    @Test
    void theJavaVersionComesFromTheReleaseFileWithoutStartingAJvm() throws Exception {
        assertThat(javaMajor()).isEqualTo("25");
        release("1.8.0_392");
        assertThat(javaMajor()).isEqualTo("8");
        release("21");
        assertThat(javaMajor()).isEqualTo("21");
        assertThat(calls()).isEmpty();
    }

    @Test
    void withoutAReleaseFileTheJvmIsAsked() throws Exception {
        Files.delete(jdk.resolve("release"));
        Files.writeString(jdk.resolve("bin/java"), "#!/usr/bin/env bash\necho '    java.specification.version = 22' >&2\n");
        assertThat(javaMajor()).isEqualTo("22");
    }

    @Test
    void aServeTrainsTheAotCacheOnceAndLaterLaunchesUseIt() throws Exception {
        String opts = cacheOptions("1");
        List<String> files = cacheFiles();
        assertThat(files).hasSize(1).allMatch(f -> f.matches("clawdbot-\\d+\\.aot"));
        assertThat(opts.lines().toList()).containsExactly("-XX:AOTCache=" + cache.resolve(files.getFirst()), "-Xlog:aot=off", "-Xlog:cds=off");
        // prepare (creates the schema), record, create
        assertThat(calls()).hasSize(3);
        assertThat(calls().get(0)).contains("serve --exit-when-ready").doesNotContain("AOTMode");
        assertThat(calls().get(1)).contains("-XX:AOTMode=record", "serve --exit-when-ready");
        assertThat(calls().get(2)).contains("-XX:AOTMode=create");

        assertThat(cacheOptions("1")).isEqualTo(opts);
        assertThat(cacheOptions("0")).isEqualTo(opts);
        assertThat(calls()).as("not trained again").hasSize(3);
    }

    @Test
    void trainingRunsSeeNoneOfTheUsersTokensKeysOrConfig() throws Exception {
        cacheOptions("1", "TELEGRAM_BOT_TOKEN=123:secret", "ANTHROPIC_API_KEY=sk-secret", "CLAWDBOT_CONFIG=/etc/clawdbot.yaml",
                "CLAWDBOT_DATA=/var/lib/clawdbot", "CLAWDBOT_MODEL=anthropic/x");
        assertThat(calls()).hasSize(3);
        assertThat(Files.readAllLines(jdk.resolve("env"))).containsOnly("CLAWDBOT_PORT=0");
    }

    @Test
    void aChangedJarGetsANewCacheAndTheOldOneIsDeleted() throws Exception {
        String first = cacheOptions("1");
        Files.writeString(jar, "v2, longer");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(cacheOptions("0")).as("a command that is not serve does not train").isEmpty();
        String second = cacheOptions("1");
        assertThat(second).isNotEqualTo(first).startsWith("-XX:AOTCache=");
        assertThat(cacheFiles()).hasSize(1);
        assertThat(calls()).hasSize(6);
    }

    @Test
    void aFailedTrainingRunsWithoutACacheAndIsNotRetriedForTheSameBuild() throws Exception {
        Files.writeString(jdk.resolve("fail"), "");
        assertThat(cacheOptions("1")).isEmpty();
        assertThat(cacheFiles()).hasSize(1).allMatch(f -> f.endsWith(".failed"));
        assertThat(calls()).hasSize(1);
        assertThat(cacheOptions("1")).isEmpty();
        assertThat(calls()).as("not retried").hasSize(1);
        assertThat(cacheFiles()).noneMatch(f -> f.contains("training"));
    }

    @Test
    void jdk21To23UseTheDynamicAppCdsArchiveAndCanBeTurnedOff() throws Exception {
        release("21.0.5");
        String opts = cacheOptions("1");
        assertThat(opts.lines().toList()).hasSize(4).first().isEqualTo("-XX:+AutoCreateSharedArchive");
        assertThat(opts).contains("-XX:SharedArchiveFile=" + cache + "/clawdbot-").contains(".jsa");
        assertThat(calls()).isEmpty();
        assertThat(cacheOptions("1", "CLAWDBOT_CLASS_CACHE=off")).isEmpty();
        release("25");
        assertThat(cacheOptions("1", "CLAWDBOT_CLASS_CACHE=cds")).contains(".jsa");
        assertThat(calls()).isEmpty();
    }

    @Test
    void aRebuildDeletesTheAppCdsArchivesOfEarlierBuilds() throws Exception {
        release("21.0.5");
        String first = cacheOptions("1");
        String firstArchive = first.lines().filter(l -> l.startsWith("-XX:SharedArchiveFile=")).findFirst().orElseThrow().substring("-XX:SharedArchiveFile=".length());
        Files.writeString(Path.of(firstArchive), "archive the JVM wrote at exit");
        assertThat(cacheOptions("1")).as("the same build keeps its archive").isEqualTo(first);
        assertThat(cacheFiles()).hasSize(1);
        Files.writeString(jar, "v2, longer");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(cacheOptions("1")).isNotEqualTo(first);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void anUnusableCacheDirectoryMeansNoCache() throws Exception {
        Files.writeString(cache, "a file, not a directory");
        assertThat(cacheOptions("1")).isEmpty();
        assertThat(calls()).isEmpty();
    }
}
