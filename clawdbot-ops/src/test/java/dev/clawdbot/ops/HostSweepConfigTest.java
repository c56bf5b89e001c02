package dev.clawdbot.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ops.hostSweep}: the defaults the sweep had when they were constants, and errors that name the key. */
class HostSweepConfigTest {
    @Test
    void defaultsAreEightHostsAtATimeAndThreeMinutesEach() {
        assertThat(OpsConfig.defaults().hostSweep()).isEqualTo(new OpsConfig.HostSweepConfig(8, Duration.ofMinutes(3)));
    }

    @Test
    void outOfRangeValuesNameTheKey() {
        assertThatThrownBy(() -> new OpsConfig.HostSweepConfig(0, null)).hasMessage("ops.hostSweep.parallel must be 1..64, was 0");
        assertThatThrownBy(() -> new OpsConfig.HostSweepConfig(65, null)).hasMessage("ops.hostSweep.parallel must be 1..64, was 65");
        assertThatThrownBy(() -> new OpsConfig.HostSweepConfig(null, Duration.ofSeconds(9)))
                .hasMessage("ops.hostSweep.perHostTimeout must be between 10s and 1h, was PT9S");
        assertThatThrownBy(() -> new OpsConfig.HostSweepConfig(null, Duration.ofMinutes(61)))
                .hasMessage("ops.hostSweep.perHostTimeout must be between 10s and 1h, was PT1H1M");
        assertThat(new OpsConfig.HostSweepConfig(64, Duration.ofHours(1)).parallel()).isEqualTo(64);
    }
}
