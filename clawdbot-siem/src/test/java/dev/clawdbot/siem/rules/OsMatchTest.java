package dev.clawdbot.siem.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OsMatchTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "Failed password;sshd: FAILED PASSWORD for x;true", "^Accepted;Accepted publickey;true", "^Accepted;x Accepted;false",
            "ssh2$;port 22 ssh2;true", "ssh2$;ssh2 port;false", "^exact$;EXACT;true", "^exact$;exactly;false",
            "foo|bar;xbarx;true", "foo|^bar;xbar;false", "a.c;abc;false", "a.c;a.c;true", "\\d;\\d;true"})
    void plainSubstringsWithAnchorsAndAlternatives(String pattern, String input, boolean expected) {
        assertThat(OsMatch.compile(pattern).find(input) >= 0).as(pattern + " on " + input).isEqualTo(expected);
    }
}
