package dev.clawdbot.ops.checks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRunnerTest {
    private final List<CommandRunner.Audit> audit = new ArrayList<>();

    private CommandRunner runner(Duration timeout, List<String>... allowed) {
        return new CommandRunner(List.of(allowed), timeout, audit::add);
    }

    @Test
    void runsAnAllowedArgvWithoutAShellAndAuditsIt() throws Exception {
        CommandRunner r = runner(Duration.ofSeconds(30), List.of("/bin/echo", "a;b", "$(id)"));
        CommandRunner.Result res = r.run(List.of("/bin/echo", "a;b", "$(id)"));
        assertThat(res.exitCode()).isZero();
        assertThat(res.stdout()).isEqualTo("a;b $(id)\n"); // no shell: metacharacters are plain text
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.argv()).containsExactly("/bin/echo", "a;b", "$(id)");
            assertThat(a.exitCode()).isZero();
        });
    }

    @Test
    void anythingElseIsRefusedBeforeItRuns() {
        CommandRunner r = runner(Duration.ofSeconds(30), List.of("/bin/echo", "ok"));
        assertThatThrownBy(() -> r.run(List.of("/bin/echo", "ok", "extra"))).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> r.run(List.of("echo", "ok"))).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> r.run(List.of("/bin/sh", "-c", "echo ok"))).isInstanceOf(SecurityException.class);
        assertThat(audit).isEmpty();
        assertThatThrownBy(() -> runner(Duration.ofSeconds(1), List.of("sh", "-c", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCommandPastItsDeadlineIsKilled() throws Exception {
        CommandRunner r = runner(Duration.ofMillis(300), List.of("/bin/sleep", "60"));
        long t0 = System.nanoTime();
        CommandRunner.Result res = r.run(List.of("/bin/sleep", "60"));
        assertThat(res.exitCode()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void outputIsCappedAndMarkedTruncated() throws Exception {
        CommandRunner r = runner(Duration.ofSeconds(60), List.of("/usr/bin/head", "-c", "3000000", "/dev/zero"));
        CommandRunner.Result res = r.run(List.of("/usr/bin/head", "-c", "3000000", "/dev/zero"));
        assertThat(res.truncated()).isTrue();
        assertThat(res.stdout()).hasSize(CommandRunner.MAX_OUTPUT_BYTES);
    }
}
