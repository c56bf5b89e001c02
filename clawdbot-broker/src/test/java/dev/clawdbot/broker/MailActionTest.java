package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code mail} action: what it accepts, what it refuses (header injection, hidden recipients), its risk and its hash. */
class MailActionTest {

    @Test
    void aValidMailIsNormalisedAndDescribed() {
        ProposedAction.Mail m = ProposedAction.mail(List.of(" Alice@Example.org "), List.of("bob@example.org"), "Quarterly report", "Hi,\nsee below.\n");
        assertThat(m.to()).containsExactly("alice@example.org");
        assertThat(m.host()).isEqualTo("local");
        assertThat(m.describe()).isEqualTo("send mail to alice@example.org (cc bob@example.org) subject \"Quarterly report\" body \"Hi,\\nsee below.\\n\"");
        String longBody = "x".repeat(2500);
        assertThat(ProposedAction.mail(List.of("a@example.org"), null, "s \"q\"", longBody).describe())
                .isEqualTo("send mail to a@example.org subject \"s \\\"q\\\"\" body \"" + "x".repeat(2000) + "\" ... (2500 chars in all)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.org\r\nBcc: evil@example.org", "a@example.org\nBcc: evil@example.org", "a@example.org\0",
            "Alice <a@example.org>", "a@example.org, evil@example.org", "undisclosed:;", "no-at-sign", "a@", "@example.org",
            "a@example.org>", "\"a@b\"@example.org\r\n"})
    void addressesThatCouldInjectOrHideRecipientsAreRefused(String bad) {
        assertThatThrownBy(() -> ProposedAction.mail(List.of(bad), null, "s", "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mail action.to");
        assertThatThrownBy(() -> ProposedAction.mail(List.of("ok@example.org"), List.of(bad), "s", "b"))
                .hasMessageStartingWith("mail action.cc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello\r\nBcc: evil@example.org", "Hello\nX-Injected: 1", "Hello\rX: 1", "nul\0", " "})
    void subjectsWithLineBreaksAreRefused(String bad) {
        assertThatThrownBy(() -> ProposedAction.mail(List.of("a@example.org"), null, bad, "b")).hasMessageStartingWith("mail action.subject");
    }

    @Test
    void otherFieldsAndLimitsAreChecked() {
        assertThatThrownBy(() -> ProposedAction.mail(List.of(), null, "s", "b")).hasMessageContaining("at least one address");
        assertThatThrownBy(() -> ProposedAction.mail(List.of("a@example.org"), null, "s", null)).hasMessageContaining("body is required");
        assertThatThrownBy(() -> ProposedAction.mail(java.util.Collections.nCopies(51, "a@example.org"), null, "s", "b"))
                .hasMessageContaining("more than 50 recipients");
        assertThatThrownBy(() -> ProposedAction.of("mail", "web1", null, null, null, null, null, null, List.of("a@example.org"), null, "s", "b"))
                .hasMessageContaining("host must be local");
        assertThatThrownBy(() -> ProposedAction.of("command", null, List.of("ls"), null, null, null, null, null, List.of("a@example.org"), null, null, null))
                .hasMessageContaining("does not take to, cc, subject or body");
    }

    @Test
    void mailIsBoundByTheSameCanonicalHashAndOldActionsKeepTheirs() throws Exception {
        ProposedAction m = ProposedAction.mail(List.of("a@example.org"), null, "s", "body");
        String json = RequestCodec.mapper().writeValueAsString(m);
        ProposedAction back = RequestCodec.mapper().readValue(json, ProposedAction.class);
        assertThat(back).isEqualTo(m);
        assertThat(RequestCodec.hash(List.of(back))).isEqualTo(RequestCodec.hash(List.of(m)));
        assertThat(RequestCodec.hash(List.of(ProposedAction.mail(List.of("a@example.org"), null, "s", "body!"))))
                .isNotEqualTo(RequestCodec.hash(List.of(m)));
        assertThat(RequestCodec.mapper().writeValueAsString(ProposedAction.command("uptime"))).isEqualTo("{\"argv\":[\"uptime\"],\"host\":\"local\",\"type\":\"command\"}");
    }

    @Test
    void mailIsNeverLowRisk() {
        assertThat(RiskRules.assess(List.of(ProposedAction.mail(List.of("a@example.org"), null, "Hello", "Lunch at noon?"))).risk())
                .isEqualTo(RiskRules.Risk.MEDIUM);
        assertThat(RiskRules.assess(List.of(ProposedAction.mail(List.of("a@example.org"), null, "Hello", "Click https://evil.example/x"))).risk())
                .isEqualTo(RiskRules.Risk.HIGH);
        assertThat(RiskRules.assess(List.of(ProposedAction.mail(List.of("a@example.org"), null, "Your password", "it is hunter2"))).risk())
                .isEqualTo(RiskRules.Risk.HIGH);
        assertThat(RiskRules.assess(List.of(ProposedAction.mail(List.of("a@example.org"), null, "Hello", "a".repeat(2001)))).reasons())
                .anyMatch(r -> r.contains("approval messages show only the first 2000"));
                List<String> many = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "u" + i + "@example.org").toList();
        assertThat(RiskRules.assess(List.of(ProposedAction.mail(many, null, "Hello", "hi"))).reasons()).anyMatch(r -> r.contains("11 recipients"));
    }
}
