package dev.clawdbot.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTypeTest {

    private static final Instant T0 = Instant.parse("2026-11-23T21:40:00Z");
    private static final EventType SENT = EventType.of("test.sent", 3, "to", "bytes").orLevels(7);

    @Test
    void anEventCarriesTheTypesNameAndUsualLevel() {
        Event e = Event.of(T0, SENT, "tester", "to", "a", "bytes", 12);
        assertThat(e.type()).isEqualTo("test.sent");
        assertThat(e.level()).isEqualTo(3);
        assertThat(e.fields()).containsExactly(java.util.Map.entry("to", "a"), java.util.Map.entry("bytes", 12));
        assertThat(Event.of(T0, SENT, 7, "tester").level()).isEqualTo(7);
    }

    @Test
    void anUndeclaredLevelOrFieldFailsUnderAssertions() {
        assertThatThrownBy(() -> Event.of(T0, SENT, 5, "tester")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("test.sent is not declared at level 5");
        assertThatThrownBy(() -> Event.of(T0, SENT, "tester", "subject", "x")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("emitted [subject]");
    }

    @Test
    void aTypeIsDottedWithItsLevelAmongItsLevels() {
        assertThatThrownBy(() -> EventType.of("nodot", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventType.of("a.b", 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventType.of("a.b", 3, "x", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SENT.sortedLevels()).containsExactly(3, 7);
    }

    @Test
    void theCoreCatalogueIsFoundOnTheClassPath() {
        assertThat(new CoreEvents().types()).contains(CoreEvents.EVENTS_DROPPED, CoreEvents.NOTIFY_FAILED);
        assertThat(EventCatalogue.all()).containsEntry("events.dropped", CoreEvents.EVENTS_DROPPED);
    }
}
