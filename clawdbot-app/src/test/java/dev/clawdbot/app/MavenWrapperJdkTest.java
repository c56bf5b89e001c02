package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 13: {@code ./mvnw} finds a JDK 21+ the way {@code ./clawdbot} does, past an old {@code JAVA_HOME}. */
class MavenWrapperJdkTest {
    private static final Path MVNW = Path.of("..", "mvnw").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void anOldJavaHomeIsPassedOverForTheJdkOnThePath() throws Exception {
        Path old = dir.resolve("jdk17");
        Files.createDirectories(old.resolve("bin"));
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
        Path java = Files.writeString(old.resolve("bin/java"), "#!/bin/sh\necho 'this JDK is too old' >&2\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path current = Path.of(System.getProperty("java.home"));

        ProcessBuilder pb = new ProcessBuilder("sh", MVNW.toString(), "-o", "-v").directory(MVNW.getParent().toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", old.toString());
        pb.environment().put("PATH", current.resolve("bin") + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Java version: " + System.getProperty("java.version")).doesNotContain("too old");
    }
}
