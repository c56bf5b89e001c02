package dev.clawdbot.siem;

import dev.clawdbot.siem.rules.BoundedLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileFollowerTest {

    @TempDir
    Path dir;

    private final List<String> got = new ArrayList<>();

    private static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void anExistingFileIsFollowedFromItsEndAndANewOneFromItsStart() throws IOException {
        Path old = dir.resolve("old.log");
        Files.writeString(old, "history 1\nhistory 2\n");
        FileFollower f = new FileFollower(old, null, got::add);
        f.poll();
        append(old, "news\n");
        f.poll();
        assertThat(got).containsExactly("news");

        Path later = dir.resolve("later.log");
        FileFollower g = new FileFollower(later, null, got::add);
        g.poll();
        append(later, "first\n");
        g.poll();
        assertThat(got).containsExactly("news", "first");
    }

    @Test
    void partialLastLineWaitsForItsNewline() throws IOException {
        Path p = dir.resolve("a.log");
        Files.writeString(p, "");
        FileFollower f = new FileFollower(p, null, got::add);
        f.poll();
        append(p, "one\ntw");
        f.poll();
        assertThat(got).containsExactly("one");
        assertThat(f.position().offset()).isEqualTo(4);
        append(p, "o\r\n");
        f.poll();
        assertThat(got).containsExactly("one", "two");
    }

    @Test
    void rotationByRenameFinishesTheOldFileThenReadsTheNewOne() throws IOException {
        Path p = dir.resolve("auth.log");
        Files.writeString(p, "");
        FileFollower f = new FileFollower(p, null, got::add);
        f.poll();
        append(p, "a\n");
        f.poll();
        append(p, "b\n");
        Files.move(p, dir.resolve("auth.log.1"));
        append(dir.resolve("auth.log.1"), "c\n");
        append(p, "d\n");
        f.poll();
        assertThat(got).containsExactly("a", "b", "c", "d");
        append(p, "e\n");
        f.poll();
        assertThat(got).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void copytruncateIsSeenAsAShorterFile() throws IOException {
        Path p = dir.resolve("app.log");
        Files.writeString(p, "");
        FileFollower f = new FileFollower(p, null, got::add);
        f.poll();
        append(p, "before 1\nbefore 2\n");
        f.poll();
        String inode = f.position().inode();
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        append(p, "after\n");
        f.poll();
        assertThat(got).containsExactly("before 1", "before 2", "after");
        assertThat(f.position().inode()).isEqualTo(inode);
    }

    @Test
    void restartInTheMiddleNeitherLosesNorRepeats() throws IOException {
        Path p = dir.resolve("s.log");
        Files.writeString(p, "");
        FileFollower f = new FileFollower(p, null, got::add);
        f.poll();
        append(p, "1\n2\n3");
        f.poll();
        FileFollower.Position saved = f.position();
        f.close();
        append(p, "\n4\n");
        FileFollower again = new FileFollower(p, saved, got::add);
        again.poll();
        assertThat(got).containsExactly("1", "2", "3", "4");
    }

    @Test
    void overlongLinesAreCutAndCounted() throws IOException {
        Path p = dir.resolve("big.log");
        Files.writeString(p, "");
        FileFollower f = new FileFollower(p, null, got::add);
        f.poll();
        append(p, "x".repeat(BoundedLines.MAX + 5000) + "\nok\n");
        f.poll();
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).hasSize(BoundedLines.MAX);
        assertThat(got.get(1)).isEqualTo("ok");
        assertThat(f.truncatedLines()).isEqualTo(1);
        assertThat(f.position().offset()).isEqualTo(BoundedLines.MAX + 5000 + 4);
    }
}
