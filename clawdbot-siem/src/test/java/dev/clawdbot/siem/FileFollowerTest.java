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

    /** A follower of {@code p}, created empty, that has polled once (so it follows from offset 0). */
    private FileFollower followEmpty(Path p) throws IOException {
        Files.writeString(p, "");
        FileFollower f = new FileFollower(p, null, got::add);
        f.poll();
        return f;
    }

    /** Appends {@code s} to {@code p} and lets {@code f} read it. */
    private static void feed(FileFollower f, Path p, String s) throws IOException {
        append(p, s);
        f.poll();
    }

    @Test
    void anExistingFileIsFollowedFromItsEndAndANewOneFromItsStart() throws IOException {
        Path old = dir.resolve("old.log");
        Files.writeString(old, "history 1\nhistory 2\n");
        FileFollower f = new FileFollower(old, null, got::add);
        f.poll();
        feed(f, old, "news\n");
        assertThat(got).containsExactly("news");

        Path later = dir.resolve("later.log");
        FileFollower g = new FileFollower(later, null, got::add);
        g.poll();
        feed(g, later, "first\n");
        assertThat(got).containsExactly("news", "first");
    }

    @Test
    void partialLastLineWaitsForItsNewline() throws IOException {
        Path p = dir.resolve("a.log");
        FileFollower f = followEmpty(p);
        feed(f, p, "one\ntw");
        assertThat(got).containsExactly("one");
        assertThat(f.position().offset()).isEqualTo(4);
        feed(f, p, "o\r\n");
        assertThat(got).containsExactly("one", "two");
    }

    @Test
    void rotationByRenameFinishesTheOldFileThenReadsTheNewOne() throws IOException {
        Path p = dir.resolve("auth.log");
        FileFollower f = followEmpty(p);
        feed(f, p, "a\n");
        append(p, "b\n");
        Files.move(p, dir.resolve("auth.log.1"));
        append(dir.resolve("auth.log.1"), "c\n");
        feed(f, p, "d\n");
        assertThat(got).containsExactly("a", "b", "c", "d");
        feed(f, p, "e\n");
        assertThat(got).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void copytruncateIsSeenAsAShorterFile() throws IOException {
        Path p = dir.resolve("app.log");
        FileFollower f = followEmpty(p);
        feed(f, p, "before 1\nbefore 2\n");
        String inode = f.position().inode();
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        feed(f, p, "after\n");
        assertThat(got).containsExactly("before 1", "before 2", "after");
        assertThat(f.position().inode()).isEqualTo(inode);
    }

    @Test
    void restartInTheMiddleNeitherLosesNorRepeats() throws IOException {
        Path p = dir.resolve("s.log");
        FileFollower f = followEmpty(p);
        feed(f, p, "1\n2\n3");
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
        FileFollower f = followEmpty(p);
        feed(f, p, "x".repeat(BoundedLines.MAX + 5000) + "\nok\n");
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).hasSize(BoundedLines.MAX);
        assertThat(got.get(1)).isEqualTo("ok");
        assertThat(f.truncatedLines()).isEqualTo(1);
        assertThat(f.position().offset()).isEqualTo(BoundedLines.MAX + 5000 + 4);
    }
}
