package dev.clawdbot.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A 320 MiB tmpfs at {@link #disk} stands in for the host's disk, so a guard that failed fills it and not the
 * machine's; skipped where the test cannot mount (not root). Unmounted lazily after each test.
 */
abstract class SmallDiskTest {
    static final long MIB = 1L << 20;

    @TempDir
    Path tmp;
    Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeTrue(Workspaces.gatewayIsRoot(), "mounting a small file system needs root");
        disk = Files.createDirectories(tmp.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=320m,mode=0755", "clawdbot-" + getClass().getSimpleName(), disk.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, () -> "cannot mount a tmpfs here: " + out);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
}
