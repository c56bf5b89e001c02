package dev.clawdbot.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenedTest {

    @Test
    void closesLastOpenedFirst() {
        List<String> closed = new ArrayList<>();
        try (Opened<String> o = Opened.of("store", () -> closed.add("pool"), () -> closed.add("event log"))) {
            assertThat(o.get()).isEqualTo("store");
        }
        assertThat(closed).containsExactly("event log", "pool");
    }

    @Test
    void aFailingCloseDoesNotKeepTheOthersOpenAndIsReportedFirst() {
        List<String> closed = new ArrayList<>();
        Opened<String> o = Opened.of("store", () -> closed.add("pool"), () -> {
            throw new IOException("disk full");
        }, () -> {
            throw new IllegalStateException("writer stuck");
        });

        assertThatThrownBy(o::close).isInstanceOf(IllegalStateException.class).hasMessage("writer stuck")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("disk full")));
        assertThat(closed).containsExactly("pool");
    }
}
