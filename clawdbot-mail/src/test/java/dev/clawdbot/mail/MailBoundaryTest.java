package dev.clawdbot.mail;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** clawdbot-mail is the only module whose main code speaks Angus Mail; the others use its API. */
class MailBoundaryTest {

    @Test
    void noOtherModuleImportsJakartaMailOrAngusMail() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("clawdbot-")
                    && !m.getFileName().toString().equals("clawdbot-mail")).toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) continue;
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String text = Files.readString(f);
                        scanned++;
                        if (text.contains("import jakarta.mail") || text.contains("import org.eclipse.angus")) offenders.add(root.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(scanned).as("main sources of the other modules").isGreaterThan(100);
        assertThat(offenders).isEmpty();
    }
}
