package dev.clawdbot.broker.email;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MailParsingTest {

    static final Set<String> TRUSTED = Set.of("mx.clawdbot.example");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dkim pass aligned                    | mx.clawdbot.example; dkim=pass header.d=example.org                                    | pass
            dkim pass subdomain of d             | mx.clawdbot.example; dkim=pass (good sig) header.i=@mail.example.org                   | trusted header from mx.clawdbot.example has no aligned pass for example.org
            dmarc pass                           | mx.clawdbot.example 1; dmarc=pass (p=reject) header.from=example.org                   | pass
            spf pass mailfrom                    | mx.clawdbot.example; spf=pass smtp.mailfrom=op@example.org                            | pass
            comment hides nothing                | mx.clawdbot.example; dkim=fail (dkim=pass header.d=example.org) header.d=example.org  | trusted header from mx.clawdbot.example has no aligned pass for example.org
            untrusted server                     | mx.evil.example; dkim=pass header.d=example.org                                      | no Authentication-Results header from a trusted server
            pass for another domain              | mx.clawdbot.example; dkim=pass header.d=evil.example                                   | trusted header from mx.clawdbot.example has no aligned pass for example.org
            lookalike suffix                     | mx.clawdbot.example; dkim=pass header.d=le.org                                         | trusted header from mx.clawdbot.example has no aligned pass for example.org
            none                                 | mx.clawdbot.example; none                                                              | trusted header from mx.clawdbot.example has no aligned pass for example.org
            garbage                              | ;;;==                                                                                  | no Authentication-Results header from a trusted server
            """)
    void authenticationResults(String name, String header, String verdict) {
        assertThat(AuthenticationResults.verify(List.of(header), TRUSTED, "example.org")).isEqualTo(verdict);
    }

    @Test
    void onlyTheTopmostTrustedHeaderCounts() {
        assertThat(AuthenticationResults.verify(List.of("mx.clawdbot.example; dkim=none", "mx.clawdbot.example; dkim=pass header.d=example.org"),
                TRUSTED, "example.org")).startsWith("trusted header");
        assertThat(AuthenticationResults.verify(List.of("mx.evil.example; dkim=fail", "mx.clawdbot.example; dkim=pass header.d=example.org"),
                TRUSTED, "example.org")).isEqualTo("pass");
        assertThat(AuthenticationResults.verify(List.of("mx.clawdbot.example; dkim=pass header.d=example.org"), Set.of(), "example.org"))
                .isEqualTo("no trusted authserv-id configured");
    }

    @Test
    void dkimSignedBySubdomainOfFromIsNotAlignedButParentIs() {
        assertThat(AuthenticationResults.verify(List.of("mx.clawdbot.example; dkim=pass header.d=example.org"), TRUSTED, "mail.example.org")).isEqualTo("pass");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gmail english      | Yes, go ahead.\\n\\nOn Mon, 23 Nov 2026 at 09:00, Broker <b@x> wrote:\\n> Approve?\\n> code K7Q2   | Yes, go ahead.
            dutch client       | Nee.\\n\\nOp 23 nov. 2026 om 09:00 schreef Broker <b@x>:\\n> ja                             | Nee.
            signature          | why root?\\n-- \\nOp Erator\\nCTO                                                             | why root?
            outlook            | ok\\n\\n-----Original Message-----\\nFrom: broker\\nyes                                        | ok
            mobile footer      | no\\n\\nSent from my iPhone                                                                   | no
            inline quote only  | > yes\\nno thanks                                                                              | no thanks
            """)
    void replyTextKeepsOnlyTheOperatorsOwnWords(String name, String body, String expected) {
        assertThat(ReplyText.strip(body.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Op 23 nov. 2026 om 09:00 schreef Broker <b@x>:        | true
            op maandag heeft Jan het volgende geschreven:          | true
            Op 1 jan schreef Jan: nee                              | false
            Op x schreef a:b:                                      | false
            Op schreef                                             | false
            Opa schreef:                                           | false
            """)
    void dutchAttributionLinesAreRecognisedAsTheRegexDid(String line, boolean expected) {
        assertThat(ReplyText.dutchAttribution(line)).isEqualTo(expected);
        String far = "Op " + "x".repeat(201) + "schreef Jan:";
        assertThat(ReplyText.dutchAttribution(far)).isFalse();
        assertThat(ReplyText.dutchAttribution("Op " + "x".repeat(200) + "schreef " + "y".repeat(72) + ":")).isTrue();
        assertThat(ReplyText.dutchAttribution("Op x schreef " + "y".repeat(81) + ":")).isFalse();
    }

    /** 10,000 crafted attribution-like lines (2.7 MB) cost the regex 3.8 s of CPU; the reply is parsed in well under 1 s. */
    @Test
    void aCraftedReplyDoesNotBacktrack() {
        String line = "Op " + "schreef".repeat(28) + "b".repeat(75) + "x\n";
        String body = "yes\n" + line.repeat(10_000);
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        assertThat(ReplyText.strip(body)).startsWith("yes\nOp schreef");
        assertThat(java.time.Duration.ofNanos(cpu.getCurrentThreadCpuTime() - c0)).isLessThan(java.time.Duration.ofSeconds(1));
    }

    /** The header is the sender's text; folding and splitting run on RE2/J and plain code. */
    @org.junit.jupiter.api.Test
    void hostileAuthenticationResultsHeadersAreParsedQuickly() {
        String folds = "mx.clawdbot.example;" + "\r\n \t".repeat(100_000) + " dkim=pass header.d=example.org" + "/x".repeat(100_000);
        String spaces = "mx.clawdbot.example" + " \t".repeat(200_000) + "x; spf=pass smtp.mailfrom=example.org";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            AuthenticationResults.verify(List.of(folds), TRUSTED, "example.org");
            AuthenticationResults.verify(List.of(spaces), TRUSTED, "example.org");
        });
    }
}
