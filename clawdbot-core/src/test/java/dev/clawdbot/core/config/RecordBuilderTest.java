package dev.clawdbot.core.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordBuilderTest {

    record Limits(Integer max, String name) {
        Limits {
            max = max == null ? 10 : max;
            if (max < 1) throw new IllegalArgumentException("limits.max must be at least 1, was " + max);
        }

        Builder toBuilder() {
            return new Builder(this);
        }

        static final class Builder extends RecordBuilder<Limits, Builder> {
            Builder(Limits from) {
                super(Limits.class, from);
            }

            Builder max(Integer max) {
                return set("max", max);
            }

            Builder name(String name) {
                return set("name", name);
            }

            Builder misspelt(String value) {
                return set("nmae", value);
            }
        }
    }

    @Test
    void unsetComponentsTakeTheRecordsDefaults() {
        assertThat(new Limits.Builder(null).name("a").build()).isEqualTo(new Limits(10, "a"));
    }

    @Test
    void toBuilderKeepsTheOtherValues() {
        Limits changed = new Limits(3, "a").toBuilder().name("b").build();
        assertThat(changed).isEqualTo(new Limits(3, "b"));
    }

    @Test
    void theConstructorsValidationComesThroughUnwrapped() {
        assertThatThrownBy(() -> new Limits.Builder(null).max(0).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits.max must be at least 1, was 0");
    }

    @Test
    void anUnknownComponentNameFailsAtOnce() {
        assertThatThrownBy(() -> new Limits.Builder(null).misspelt("x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nmae");
    }

    @Test
    void eachBuildIsIndependentOfLaterSets() {
        Limits.Builder b = new Limits.Builder(null).max(2);
        Limits first = b.build();
        b.max(5);
        assertThat(first.max()).isEqualTo(2);
        assertThat(b.build().max()).isEqualTo(5);
    }
}
