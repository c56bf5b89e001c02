package dev.clawdbot.siem.fim;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Differential: the digests equal coreutils' {@code sha256sum} on sizes around the read buffer's edges. */
class Sha256Test {

    @TempDir
    Path dir;

    @Test
    void digestsEqualSha256sum() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sha256sum")), "coreutils sha256sum is not installed");
        Random rnd = new Random(7);
        int[] sizes = {0, 1, 55, 56, 64, 4095, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024 + 17};
        List<String> argv = new ArrayList<>(List.of("/usr/bin/sha256sum", "--"));
        List<Path> files = new ArrayList<>();
        for (int size : sizes) {
            byte[] b = new byte[size];
            rnd.nextBytes(b);
            Path f = Files.write(dir.resolve("f" + size), b);
            files.add(f);
            argv.add(f.toString());
        }
        Process p = new ProcessBuilder(argv).start();
        String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
        assertThat(p.waitFor()).isZero();
        Sha256 sha = new Sha256();
        for (int i = 0; i < files.size(); i++) {
            assertThat(lines[i]).isEqualTo(sha.file(files.get(i)) + "  " + files.get(i));
        }
    }

    @Test
    void aSymbolicLinkIsNotOpened() throws IOException {
        Path target = Files.writeString(dir.resolve("t"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("l"), target);
        assertThatThrownBy(() -> new Sha256().file(link)).isInstanceOf(IOException.class);
    }
}
