package dev.clawdbot.guard.scan;

import dev.clawdbot.core.guard.ContentSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalysisTest {

    @Test
    void documentsTheAgentReadsGetTheIndirectAnalysisAndMessagesTheDirectOne() {
        for (String k : new String[]{"email", "web", "tool", "calendar", "transcript", "EMAIL"})
            assertThat(Analysis.of(new ContentSource(k, "x"))).as(k).isEqualTo(Analysis.INDIRECT);
        for (String k : new String[]{"user", "chat", "telegram", "http", "voice"})
            assertThat(Analysis.of(new ContentSource(k, "x"))).as(k).isEqualTo(Analysis.DIRECT);
        assertThat(Analysis.of(null)).isEqualTo(Analysis.DIRECT);
        assertThat(Analysis.of(new ContentSource(null, null))).isEqualTo(Analysis.DIRECT);
    }

    @Test
    void checkedKindNamesTheAllowedKinds() {
        assertThat(Analysis.checkedKind("Web")).isEqualTo("web");
        assertThatThrownBy(() -> Analysis.checkedKind("fax")).hasMessageContaining("user, email, web, tool, calendar, transcript");
    }
}
