package dev.clawdbot.sandbox.tools;

import dev.clawdbot.sandbox.ExecRequest;
import dev.clawdbot.sandbox.ExecResult;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxUnavailableException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What {@code doctor} and {@code sandbox check} prove about an agent's own workspace: the file tools create a
 * directory and a file there (as the {@code write} tool does), a real sandboxed command reads that file and writes
 * one of its own into the tool-made directory, and the host reads it back. A probe in a fresh temp directory
 * passed while every real workspace under the 0700 data dir failed, so only this says the agent's tools work.
 */
public final class WorkspaceCheck {
    static final String DIR = ".clawdbot-check";

    private WorkspaceCheck() {
    }

    /** Null when the round trip worked, else what failed, precisely. The workspace is created 0700 if missing. */
    public static String run(Sandbox sandbox, Path workspace) {
        String hostToken = "host-" + UUID.randomUUID();
        String boxToken = "sandbox-" + UUID.randomUUID();
        try {
            if (!Files.isDirectory(workspace)) {
                Files.createDirectories(workspace);
                Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwx------"));
            }
            try {
                sandbox.adoptWorkspace(workspace);
                new WorkspaceFs(workspace).write(DIR + "/host.txt", hostToken.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return "the file tools cannot write " + DIR + "/host.txt: " + e.getMessage();
            }
            ExecResult r = sandbox.exec(ExecRequest.shell(workspace, Duration.ofSeconds(30),
                    "cat " + DIR + "/host.txt && echo " + boxToken + " > " + DIR + "/sandbox.txt"));
            if (!r.ok()) {
                return "a sandboxed command in the workspace failed (exit " + r.exitCode() + (r.timedOut() ? ", timed out" : "")
                        + "): " + oneLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
            }
            if (!r.stdout().strip().equals(hostToken)) {
                return "a sandboxed command read " + DIR + "/host.txt as '" + oneLine(r.stdout()) + "', not what the file tools wrote";
            }
            Path back = workspace.resolve(DIR).resolve("sandbox.txt");
            if (!Files.isRegularFile(back) || !Files.readString(back).strip().equals(boxToken)) {
                return "the file a sandboxed command wrote did not reach " + back;
            }
            return null;
        } catch (SandboxUnavailableException e) {
            return e.getMessage();
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            removeCheckDir(workspace.resolve(DIR));
        }
    }

    private static void removeCheckDir(Path dir) {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // a leftover check directory is harmless and reused next time
        }
    }

    private static String oneLine(String s) {
        String t = s.strip().replace('\n', ' ');
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
