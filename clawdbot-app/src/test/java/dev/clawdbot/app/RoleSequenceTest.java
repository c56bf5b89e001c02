package dev.clawdbot.app;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Phase 2's order: start as added, close in reverse; a failing start closes what started and what was only built. */
class RoleSequenceTest {

    final List<String> log = new ArrayList<>();

    RoleSequence sequence(String failing, String... names) {
        RoleSequence s = new RoleSequence();
        for (String n : names) {
            s.add(RoleSequence.of(n, () -> {
                log.add("start " + n);
                if (n.equals(failing)) throw new IllegalStateException(n + " cannot start");
            }, () -> log.add("close " + n)));
        }
        return s;
    }

    @Test
    void startsInOrderAndClosesInReverseOnce() {
        RoleSequence s = sequence(null, "broker", "telegram", "gateway");
        s.start();
        s.close();
        s.close();
        assertThat(log).containsExactly("start broker", "start telegram", "start gateway", "close gateway", "close telegram", "close broker");
    }

    @Test
    void aFailingStartClosesTheFailingRoleAndEveryOtherInReverseAndRethrows() {
        RoleSequence s = sequence("siem", "broker", "gateway", "siem", "ops");
        assertThatThrownBy(s::start).hasMessage("siem cannot start");
        assertThat(log).containsExactly("start broker", "start gateway", "start siem", "close ops", "close siem", "close gateway", "close broker");
        s.close();
        assertThat(log).as("nothing is closed twice").hasSize(7);
    }

    @Test
    void aRoleThatFailsToCloseDoesNotKeepTheOthersOpen() {
        RoleSequence s = new RoleSequence();
        s.add(RoleSequence.of("a", () -> { }, () -> log.add("close a")));
        s.add(RoleSequence.of("b", () -> { }, () -> {
            throw new IllegalStateException("b is stuck");
        }));
        s.start();
        s.close();
        assertThat(log).containsExactly("close a");
    }

    @Test
    void problemsNameTheRoleNotStartedRunningWithProblemsFailedAndStopped() {
        List<String> probeProblems = new ArrayList<>();
        RoleSequence s = new RoleSequence();
        s.add(RoleSequence.of("siem", () -> { }, () -> { }, () -> List.of("siem threads stopped")));
        s.add(RoleSequence.of("probe", () -> { }, () -> { }, () -> probeProblems));
        s.add(RoleSequence.of("ops", () -> { }, () -> { }, () -> {
            throw new IllegalStateException("busy");
        }));
        assertThat(s.problems()).containsExactly("siem: not started", "probe: not started", "ops: not started");
        s.start();
        assertThat(s.problems()).as("a problem that names its role keeps its text; others get the name")
                .containsExactly("siem threads stopped", "ops: readiness check failed (IllegalStateException)");
        probeProblems.add("queue stuck");
        assertThat(s.problems()).contains("probe: queue stuck");
        s.close();
        assertThat(s.problems()).containsExactly("siem: stopped", "probe: stopped", "ops: stopped");
    }

    @Test
    void aRoleThatFailedToStartStaysReportedAsFailedAfterTheClose() {
        RoleSequence s = sequence("gateway", "broker", "gateway", "siem");
        assertThatThrownBy(s::start).hasMessage("gateway cannot start");
        assertThat(s.problems()).containsExactly("broker: stopped", "gateway: failed to start", "siem: stopped");
    }
}
