package dev.clawdbot.broker.exec;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: for any argv without NUL, {@code sh -c "printf '<%s>' QUOTED..."} prints exactly the arguments, so
 * the quoting the SSH executor relies on gives the remote shell nothing to interpret. Runs the real /bin/sh.
 */
class ShellQuoteTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 11, 29, 101, 2026})
    void anyArgvSurvivesThePosixShellUnchanged(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            String special = " '\"`$\\;|&<>()*?[]{}~!#%=\n\t";
            for (int n = rnd.nextInt(16); n > 0; n--) {
                int kind = rnd.nextInt(4);
                // Mostly shell-significant ASCII, some control characters and some non-ASCII code points.
                sb.appendCodePoint(kind == 0 ? 1 + rnd.nextInt(31) : kind == 1 ? 0x80 + rnd.nextInt(0x2000) : special.charAt(rnd.nextInt(special.length())));
            }
            args.add(sb.toString());
        }
        // Through a UTF-8 script file, not an argv, so the JVM's locale cannot re-encode the non-ASCII test data.
        Path script = Files.writeString(dir.resolve("line.sh"), "printf '<%s>' " + ShellQuote.join(args) + "\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("", args.stream().map(a -> "<" + a + ">").toList()));
    }
}
