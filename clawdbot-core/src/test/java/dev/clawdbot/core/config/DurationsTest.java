package dev.clawdbot.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "5m,PT5M", "1h,PT1H", "250ms,PT0.25S", "2d,PT48H", "1h30m,PT1H30M", "PT30S,PT30S", "pt2m,PT2M", " 10s ,PT10S"})
    void parsesShortAndIsoForms(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "5 m", "1.5h", "-5s", "10y", "P", "PTxS", "1h 30m"})
    void refusesAnythingElseNamingTheForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected " + Durations.FORMS);
    }
}
