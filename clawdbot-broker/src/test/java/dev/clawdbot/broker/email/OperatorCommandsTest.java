package dev.clawdbot.broker.email;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The header unbracketing that replaced {@code replaceAll("^<|>$", "")}: same results, plain code on the sender's text. */
class OperatorCommandsTest {

    @Test
    void unbracketedMatchesTheRegexItReplaced() {
        for (String s : new String[]{"<ops@example.org>", "ops@example.org", "<ops@example.org", "ops@example.org>", "<>", "<", ">", "",
                "<<a>>", "a<b>c", "<a>b>"}) {
            assertThat(OperatorCommands.unbracketed(s)).as(s).isEqualTo(s.replaceAll("^<|>$", ""));
        }
    }

    @Test
    void hostileHeaderValuesCompleteQuickly() {
        String hostile = "<".repeat(1_000_000) + ">".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(OperatorCommands.unbracketed(hostile)).hasSize(1_999_998));
    }
}
