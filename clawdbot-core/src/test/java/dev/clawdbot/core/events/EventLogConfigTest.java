package dev.clawdbot.core.events;

import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLogConfigTest {

    record Root(EventLogConfig events) {
        Root {
            events = events == null ? EventLogConfig.defaults() : events;
        }
    }

    @Test
    void defaultsAndOverridesBindFromYaml() {
        assertThat(ConfigLoader.parse("", "c.yaml", Root.class, Map.of()).events())
                .isEqualTo(new EventLogConfig(64L << 20, 5, 10_000, Duration.ofMillis(50)));
        assertThat(ConfigLoader.parse("events:\n  rotateBytes: 1048576\n  keep: 9\n  maxBlock: 5ms\n", "c.yaml", Root.class, Map.of()).events())
                .isEqualTo(new EventLogConfig(1L << 20, 9, 10_000, Duration.ofMillis(5)));
    }

    @Test
    void invalidValuesNameTheKeyAndLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("events:\n  keep: 0\n", "c.yaml", Root.class, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.yaml:2:3: events.keep: invalid value: events.keep must be 1..1000, was 0");
    }
}
