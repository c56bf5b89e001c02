package dev.clawdbot.sandbox;

import dev.clawdbot.testkit.RecordingEvents;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;

/** The escape suite against bubblewrap, with cgroup limits when the host allows them. */
class BubblewrapEscapeTest extends EscapeSuite {
    @Override
    Sandbox create(Path runtimeDir, List<Path> protectedPaths) {
        return new Sandbox(TestSandboxes.config(runtimeDir, "bubblewrap", false, protectedPaths), new RecordingEvents(), Clock.systemUTC());
    }

    @Override
    Class<? extends SandboxBackend> expectedBackend() {
        return SandboxBackend.Bubblewrap.class;
    }

    @Test
    void varAndRunAreInvisible() throws Exception {
        exactly(sh("ls -d /var /run /sys /srv /opt /mnt 2>&1 | wc -l; ls -d /var /run /sys /srv /opt /mnt >/dev/null 2>&1; echo $?"), 0, "6\n2");
        exactly(sh("ls / | tr '\\n' ' '"), 0, "bin dev etc lib lib64 proc sbin tmp usr workspace");
    }

    @Test
    void passwdIsInvisible() throws Exception {
        failsWith(sh("cat /etc/passwd"), 1, "/etc/passwd: No such file or directory");
    }

    @Test
    void environmentIsExactlyThePolicy() throws Exception {
        ExecResult r = py("import os\nprint(' '.join(sorted(os.environ)))");
        // bubblewrap adds PWD for --chdir; nothing else may appear
        TreeSet<String> expected = new TreeSet<>(sandbox.config().policy().env().keySet());
        expected.add("PWD");
        exactly(r, 0, String.join(" ", expected));
    }

    @Test
    void pidOneIsTheSandboxInit() throws Exception {
        exactly(sh("tr '\\0' ' ' < /proc/1/cmdline | cut -d' ' -f1 | xargs basename"), 0, "bwrap");
    }

    @Test
    void cgroupNamespaceHidesTheHostHierarchy() throws Exception {
        exactly(sh("cut -d: -f3 /proc/self/cgroup | sort -u"), 0, "/");
    }
}
