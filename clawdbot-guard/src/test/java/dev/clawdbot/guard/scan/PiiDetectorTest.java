package dev.clawdbot.guard.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PiiDetectorTest {

    private final PiiDetector pii = new PiiDetector(Map.of("TICKET", "TCK-\\d{5}"));

    private List<String> types(String text) {
        return pii.find(text).stream().map(s -> s.type() + "=" + s.of(text)).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mail me at jan.de-vries+news@example.co.uk today | EMAIL=jan.de-vries+news@example.co.uk",
            "IBAN NL91 ABNA 0417 1643 00 please | IBAN=NL91 ABNA 0417 1643 00",
            "IBAN DE89370400440532013000 | IBAN=DE89370400440532013000",
            "card 4111 1111 1111 1111 exp 12/29 | CARD=4111 1111 1111 1111",
            "card 5500-0000-0000-0004 | CARD=5500-0000-0000-0004",
            "bsn 111222333 | BSN=111222333",
            "bel +31 6 12345678 of | PHONE=+31 6 12345678",
            "bel 06-12345678 | PHONE=06-12345678",
            "call (020) 123 4567 | PHONE=(020) 123 4567",
            "server at 203.0.113.7 is down | IP=203.0.113.7",
            "v6 2001:db8::8a2e:370:7334 ok | IP=2001:db8::8a2e:370:7334",
            "ticket TCK-12345 done | TICKET=TCK-12345",
    })
    void findsEachType(String text, String expected) {
        assertThat(types(text)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "IBAN NL92ABNA0417164300 has a bad checksum",
            "card 4111 1111 1111 1112 fails Luhn",
            "bsn 123456789 fails the 11-test",
            "on 2026-11-23 21:40 the job ran",
            "version 1.2.3.4567 released",
            "meeting at 12:30:45 today",
            "order number 1234567 shipped",
            "000000000 is not a bsn",
    })
    void checksumsAndShapesKeepLookAlikesOut(String text) {
        assertThat(types(text)).isEmpty();
    }

    @Test
    void checksums() {
        assertThat(PiiDetector.ibanValid("GB82 WEST 1234 5698 7654 32")).isTrue();
        assertThat(PiiDetector.ibanValid("GB82 WEST 1234 5698 7654 33")).isFalse();
        assertThat(PiiDetector.luhnValid("378282246310005")).isTrue();
        assertThat(PiiDetector.luhnValid("378282246310006")).isFalse();
        assertThat(PiiDetector.bsnValid("111222333")).isTrue();
        assertThat(PiiDetector.bsnValid("111222334")).isFalse();
    }
}
