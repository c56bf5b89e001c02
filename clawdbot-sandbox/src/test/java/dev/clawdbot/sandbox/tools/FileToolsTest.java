package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileToolsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path ws;
    Path outside;
    ToolContext ctx;

    @BeforeEach
    void setUp() throws IOException {
        ws = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET");
        ctx = new ToolContext("agent", "session-1", new Caller("telegram", "42", null), ws, Duration.ofMinutes(1));
    }

    static Tool tool(String name) {
        return FileTools.all().stream().filter(t -> t.spec().name().equals(name)).findFirst().orElseThrow();
    }

    ToolResult call(String name, Object... kv) throws Exception {
        ObjectNode in = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) in.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        return tool(name).invoke(in, ctx);
    }

    @Test
    void writeReadEditRoundTrip() throws Exception {
        assertThat(call("write", "path", "src/app/main.py", "content", "print('a')\nprint('b')\n").isError()).isFalse();
        ToolResult r = call("read", "path", "src/app/main.py");
        assertThat(r.content()).isEqualTo("print('a')\nprint('b')\n");
        assertThat(r.untrusted()).isTrue();
        assertThat(call("edit", "path", "src/app/main.py", "old_text", "print('b')", "new_text", "print('c')").content())
                .isEqualTo("replaced 1 occurrence in src/app/main.py");
        assertThat(Files.readString(ws.resolve("src/app/main.py"))).isEqualTo("print('a')\nprint('c')\n");
    }

    @Test
    void editWithoutMatchSaysSo() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "alpha beta");
        ToolResult r = call("edit", "path", "f.txt", "old_text", "gamma", "new_text", "x");
        assertThat(r.isError()).isTrue();
        assertThat(r.content()).isEqualTo("edit: old_text was not found in f.txt (it must match exactly, whitespace included)");
        assertThat(Files.readString(ws.resolve("f.txt"))).isEqualTo("alpha beta");
    }

    @Test
    void editWithSeveralMatchesSaysHowMany() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "x = 1\nx = 1\nx = 1\n");
        ToolResult r = call("edit", "path", "f.txt", "old_text", "x = 1", "new_text", "x = 2");
        assertThat(r.content()).isEqualTo("edit: old_text occurs 3 times in f.txt; include more surrounding text so it occurs once");
        assertThat(Files.readString(ws.resolve("f.txt"))).isEqualTo("x = 1\nx = 1\nx = 1\n");
    }

    @Test
    void missingArgumentsAreClearErrors() throws Exception {
        assertThat(call("read").content()).isEqualTo("read: 'path' is required");
        assertThat(call("edit", "path", "f", "old_text", "", "new_text", "y").content()).isEqualTo("edit: 'old_text' must not be empty");
        assertThat(call("read", "path", "nope.txt").content()).isEqualTo("read: no such file or directory: nope.txt");
    }

    @Test
    void dotDotIsRefused() throws Exception {
        assertThat(call("read", "path", "../outside/secret.txt").content())
                .isEqualTo("read: '..' is refused; paths must stay inside the workspace: ../outside/secret.txt");
        assertThat(call("write", "path", "a/../../x", "content", "x").content()).contains("'..' is refused");
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }

    @Test
    void absolutePathsAreRefused() throws Exception {
        assertThat(call("read", "path", outside.resolve("secret.txt").toString()).content())
                .startsWith("read: absolute paths are refused");
        assertThat(call("list", "path", "/").content()).startsWith("list: absolute paths are refused");
        assertThat(call("read", "path", "~/.ssh/id_rsa").content()).startsWith("read: absolute paths are refused");
    }

    @Test
    void symlinkToOutsideFileIsRefused() throws Exception {
        Files.createSymbolicLink(ws.resolve("link"), outside.resolve("secret.txt"));
        ToolResult r = call("read", "path", "link");
        assertThat(r.content()).isEqualTo("read: 'link' is a symbolic link; links are not followed");
        assertThat(call("edit", "path", "link", "old_text", "TOP", "new_text", "X").content()).contains("symbolic link");
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP-SECRET");
    }

    @Test
    void symlinkedDirectoryIsRefused() throws Exception {
        Files.createSymbolicLink(ws.resolve("dir"), outside);
        assertThat(call("read", "path", "dir/secret.txt").content()).isEqualTo("read: 'dir' is a symbolic link; links are not followed");
        assertThat(call("write", "path", "dir/new.txt", "content", "x").content()).isEqualTo("write: 'dir' is a symbolic link; links are not followed");
        assertThat(Files.exists(outside.resolve("new.txt"))).isFalse();
    }

    @Test
    void writeThroughDanglingSymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(ws.resolve("out.txt"), outside.resolve("created.txt"));
        assertThat(call("write", "path", "out.txt", "content", "pwned").content()).isEqualTo("write: 'out.txt' is a symbolic link; links are not followed");
        assertThat(Files.exists(outside.resolve("created.txt"))).isFalse();
    }

    @Test
    void hardLinkToOutsideFileIsRefused() throws Exception {
        Files.createLink(ws.resolve("hard.txt"), outside.resolve("secret.txt"));
        assertThat(call("read", "path", "hard.txt").content())
                .isEqualTo("read: 'hard.txt' has 2 hard links; hard-linked files are refused (one may lie outside the workspace)");
        assertThat(call("write", "path", "hard.txt", "content", "overwritten").content()).contains("has 2 hard links");
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP-SECRET");
    }

    @Test
    void symlinkSwappedInBetweenCheckAndReadIsRefused() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "harmless");
        WorkspaceFs fs = new WorkspaceFs(ws);
        fs.beforeOpen = () -> swap(ws.resolve("f.txt"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> fs.read("f.txt", 1000)).isInstanceOf(PathRefusedException.class)
                .hasMessageStartingWith("'f.txt' could not be opened without following a link");
    }

    @Test
    void symlinkSwappedInBetweenCheckAndWriteIsRefused() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "harmless");
        WorkspaceFs fs = new WorkspaceFs(ws);
        fs.beforeOpen = () -> swap(ws.resolve("f.txt"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> fs.write("f.txt", "pwned".getBytes(StandardCharsets.UTF_8))).isInstanceOf(PathRefusedException.class);
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP-SECRET");
    }

    @Test
    void directorySwappedForSymlinkAfterItWasOpenedStaysInside() throws Exception {
        Files.createDirectories(ws.resolve("sub"));
        Files.writeString(ws.resolve("sub/secret.txt"), "inside");
        WorkspaceFs fs = new WorkspaceFs(ws);
        fs.beforeOpen = () -> {
            try {
                Files.move(ws.resolve("sub"), ws.resolve("sub.old"));
                Files.createSymbolicLink(ws.resolve("sub"), outside);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        // The open descriptor of the original directory is used, so the outside file is never reached.
        assertThat(new String(fs.read("sub/secret.txt", 100), StandardCharsets.UTF_8)).isEqualTo("inside");
    }

    @Test
    void hardLinkSwappedInIsRefused() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "harmless");
        WorkspaceFs fs = new WorkspaceFs(ws);
        fs.beforeOpen = () -> {
            try {
                Files.delete(ws.resolve("f.txt"));
                Files.createLink(ws.resolve("f.txt"), outside.resolve("secret.txt"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThatThrownBy(() -> fs.read("f.txt", 1000)).isInstanceOf(PathRefusedException.class)
                .hasMessage("'f.txt' changed while being opened; refused");
    }

    static void swap(Path file, Path target) {
        try {
            Files.delete(file);
            Files.createSymbolicLink(file, target);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void listShowsLinksWithoutFollowing() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "12345");
        Files.createDirectories(ws.resolve("d"));
        Files.createSymbolicLink(ws.resolve("l"), outside);
        assertThat(call("list").content()).isEqualTo("f a.txt 5\nd d/\nl l\n");
    }

    @Test
    void globAndGrepNeverEnterLinks() throws Exception {
        Files.createDirectories(ws.resolve("src/pkg"));
        Files.writeString(ws.resolve("src/pkg/a.py"), "import os\nTOP = 1\n");
        Files.writeString(ws.resolve("src/b.py"), "print('TOP')\n");
        Files.writeString(ws.resolve("notes.md"), "TOP of notes\n");
        Files.createSymbolicLink(ws.resolve("src/escape"), outside);
        Files.writeString(outside.resolve("x.py"), "TOP-SECRET\n");
        ToolResult g = SearchTools.all().get(0).invoke(JSON.createObjectNode().put("pattern", "**/*.py"), ctx);
        assertThat(g.content()).isEqualTo("src/b.py\nsrc/pkg/a.py");
        ToolResult grep = SearchTools.all().get(1).invoke(JSON.createObjectNode().put("pattern", "TOP"), ctx);
        assertThat(grep.content()).isEqualTo("notes.md:1: TOP of notes\nsrc/b.py:1: print('TOP')\nsrc/pkg/a.py:2: TOP = 1");
        ToolResult grepPy = SearchTools.all().get(1).invoke(JSON.createObjectNode().put("pattern", "TOP").put("glob", "**.py"), ctx);
        assertThat(grepPy.content()).doesNotContain("notes.md", "SECRET");
        assertThat(SearchTools.all().get(1).invoke(JSON.createObjectNode().put("pattern", "("), ctx).content()).startsWith("grep: invalid regex");
    }

    @Test
    void newFilesBelongToTheWorkspaceOwner() throws Exception {
        Files.setAttribute(ws, "unix:uid", 65534);
        Files.setAttribute(ws, "unix:gid", 65534);
        call("write", "path", "owned.txt", "content", "x");
        assertThat(Files.getAttribute(ws.resolve("owned.txt"), "unix:uid")).isEqualTo(65534);
        assertThat(Files.getAttribute(ws.resolve("owned.txt"), "unix:gid")).isEqualTo(65534);
    }

    @Test
    void segmentsNormaliseDots() throws Exception {
        assertThat(WorkspaceFs.segments("./a//b/./c")).isEqualTo(List.of("a", "b", "c"));
        assertThat(WorkspaceFs.segments(".")).isEmpty();
        assertThatThrownBy(() -> WorkspaceFs.segments("a\0b")).hasMessage("path contains a NUL byte");
    }
}
