package dev.clawdbot.sandbox.tools;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 11 item 6: parents created by {@code write} never land outside the workspace, whatever is swapped in. */
class ParentDirectoriesTest {
    @TempDir
    Path tmp;
    Path ws;
    Path outside;

    @BeforeEach
    void setUp() throws IOException {
        ws = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("root-only"));
    }

    static void swapForLink(Path dir, Path target) {
        try {
            Files.move(dir, dir.resolveSibling(dir.getFileName() + ".old"));
            Files.createSymbolicLink(dir, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void directorySwappedForASymlinkBeforeItsChildIsCreatedIsRefused() throws Exception {
        Files.createDirectories(ws.resolve("a"));
        WorkspaceFs fs = new WorkspaceFs(ws);
        fs.beforeMkdir = () -> swapForLink(ws.resolve("a"), outside);
        assertThatThrownBy(() -> fs.write("a/b/c.txt", "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PathRefusedException.class)
                .hasMessage("'a/b' changed while its parent directories were created (symbolic link swapped in?); refused");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aSymlinkAlreadyInPlaceIsRefusedAndNothingIsCreatedThroughIt() throws Exception {
        Files.createSymbolicLink(ws.resolve("a"), outside);
        WorkspaceFs fs = new WorkspaceFs(ws);
        assertThatThrownBy(() -> fs.write("a/b/c.txt", "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PathRefusedException.class).hasMessage("'a' is a symbolic link; links are not followed");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void createdParentsBelongToTheWorkspaceOwner() throws Exception {
        Files.setAttribute(ws, "unix:uid", 65534);
        Files.setAttribute(ws, "unix:gid", 65534);
        new WorkspaceFs(ws).write("x/y/z.txt", "x".getBytes(StandardCharsets.UTF_8));
        for (String p : new String[]{"x", "x/y", "x/y/z.txt"}) {
            assertThat(Files.getAttribute(ws.resolve(p), "unix:uid")).as(p).isEqualTo(65534);
            assertThat(Files.getAttribute(ws.resolve(p), "unix:gid")).as(p).isEqualTo(65534);
        }
        assertThat(Files.getAttribute(ws.resolve("x/y"), "unix:mode")).isEqualTo(040755);
    }

    /** The attack as run against the gateway: a loop swaps a workspace directory and a symlink while writes run. */
    @Test
    void concurrentSwapLoopNeverCreatesAnythingOutside() throws Exception {
        Path a = ws.resolve("a");
        Files.createDirectories(a);
        Path link = ws.resolve("a.link");
        Files.createSymbolicLink(link, outside);
        Path parked = ws.resolve("a.dir");
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    Files.move(a, parked);
                    Files.move(link, a);
                    Files.move(a, link);
                    Files.move(parked, a);
                } catch (IOException ignored) {
                    // a write holds a name for a moment; the next round retries
                }
            }
        });
        try {
            WorkspaceFs fs = new WorkspaceFs(ws);
            for (int i = 0; i < 60; i++) {
                try {
                    fs.write("a/d" + i + "/f.txt", "x".getBytes(StandardCharsets.UTF_8));
                } catch (IOException refused) {
                    // refused or not found mid-swap: both are fine, creating outside is not
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
