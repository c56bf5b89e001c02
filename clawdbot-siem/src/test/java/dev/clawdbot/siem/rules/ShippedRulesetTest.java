package dev.clawdbot.siem.rules;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped ruleset on real-looking lines (formats as sshd, sudo, PAM, nginx, systemd write them). */
public class ShippedRulesetTest {

    static final Ruleset SHIPPED = Ruleset.shipped();

    private MutableClock clock;
    private Analyzer analyzer;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-12-07T19:44:38Z"));
        analyzer = new Analyzer(SHIPPED, clock, ZoneOffset.UTC);
    }

    @Test
    void loadsWithoutProblems() {
        assertThat(SHIPPED.problems()).isEmpty();
        assertThat(SHIPPED.ruleCount()).isGreaterThan(50);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Dec  7 19:44:38 web1 sshd[4121]: Invalid user admin from 203.0.113.9 port 51234|880101|5",
            "Dec  7 19:44:38 web1 sshd[4121]: Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2|880102|5",
            "Dec  7 19:44:38 web1 sshd[4121]: Failed password for root from 203.0.113.9 port 51234 ssh2|880102|5",
            "Dec  7 19:44:38 web1 sshd[4121]: error: maximum authentication attempts exceeded for root from 203.0.113.9 port 51234 ssh2 [preauth]|880103|8",
            "Dec  7 19:44:38 web1 sshd[4121]: Disconnecting authenticating user root 203.0.113.9 port 51234: Too many authentication failures [preauth]|880103|8",
            "2026-12-07T19:44:38.123456+00:00 web1 sshd[4121]: Accepted publickey for alice from 198.51.100.7 port 50022 ssh2: ED25519 SHA256:q0bvPZ9o|880104|3",
            "Dec  7 19:44:38 web1 sshd[4121]: Did not receive identification string from 203.0.113.9 port 40000|880105|6",
            "Dec  7 19:44:38 web1 sshd[4121]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root|880201|5",
            "Dec  7 19:44:38 web1 sudo[999]: pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)|880202|2",
            "Dec  7 19:44:38 web1 sudo[999]:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update|880301|3",
            "Dec  7 19:44:38 web1 sudo[999]:    mallory : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash|880302|8",
            "Dec  7 19:44:38 web1 sudo[999]:    mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash|880303|10",
            "Dec  7 19:44:38 web1 su[1200]: (to root) alice on pts/0|880311|3",
            "Dec  7 19:44:38 web1 su[1200]: FAILED SU (to root) mallory on pts/1|880312|8",
            "Dec  7 19:44:38 web1 useradd[3001]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0|880401|8",
            "Dec  7 19:44:38 web1 userdel[3002]: delete user 'bob'|880402|8",
            "Dec  7 19:44:38 web1 usermod[3003]: add 'bob' to group 'sudo'|880405|10",
            "Dec  7 19:44:38 web1 usermod[3003]: add 'bob' to group 'video'|880404|5",
            "Dec  7 19:44:38 web1 systemd[1]: nginx.service: Failed with result 'exit-code'.|880501|5",
            "Dec  7 19:44:38 web1 systemd[1]: Failed to start nginx.service - A high performance web server.|880502|5",
            "Dec  7 19:44:38 web1 kernel: [123456.789012] Out of memory: Killed process 4242 (java) total-vm:8123456kB, anon-rss:4012345kB|880551|7",
            "Dec  7 19:44:38 web1 dockerd[800]: time=\"2026-12-07T19:44:38.1Z\" level=error msg=\"Handler for POST /containers/x/start returned error\"|880601|5",
            "2026-12-07 19:44:38,123 fail2ban.actions        [812]: NOTICE  [sshd] Ban 203.0.113.9|880651|6",
            "203.0.113.5 - - [07/Dec/2026:19:44:38 +0000] \"GET /../../etc/passwd HTTP/1.1\" 400 166 \"-\" \"curl/8.5.0\"|880703|6",
            "203.0.113.5 - - [07/Dec/2026:19:44:38 +0000] \"GET /index.html HTTP/1.1\" 200 612 \"-\" \"sqlmap/1.7.2#stable (https://sqlmap.org)\"|880704|6",
            "203.0.113.5 - - [07/Dec/2026:19:44:38 +0000] \"GET /.env HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"|880705|5",
            "203.0.113.5 - - [07/Dec/2026:19:44:38 +0000] \"POST /api HTTP/1.1\" 502 157 \"-\" \"Mozilla/5.0\"|880702|4",
            "{\"time\":\"2026-12-07T19:44:38.000Z\",\"type\":\"guard.blocked\",\"level\":10,\"actor\":\"telegram:42\",\"fields\":{\"score\":0.97}}|880801|10",
            "{\"time\":\"2026-12-07T19:44:38.000Z\",\"type\":\"bridge.rejected\",\"level\":10,\"actor\":\"bridge\",\"fields\":{\"agent\":\"ops\",\"status\":401,\"reason\":\"bad signature\"}}|880810|12",
            "{\"time\":\"2026-12-07T19:44:38.000Z\",\"type\":\"bridge.rejected\",\"level\":7,\"actor\":\"bridge\",\"fields\":{\"agent\":\"ops\",\"status\":409,\"reason\":\"replayed message id\"}}|880811|12",
            "{\"time\":\"2026-12-07T19:44:38.000Z\",\"type\":\"broker.approval.rejected\",\"level\":10,\"actor\":\"link\",\"fields\":{\"requestId\":\"7\",\"reason\":\"bad link signature\"}}|880812|12",
            "{\"time\":\"2026-12-07T19:44:38.000Z\",\"type\":\"elevated.refused\",\"level\":10,\"actor\":\"telegram:42\",\"fields\":{\"reason\":\"not_allowed\"}}|880808|10",
            "{\"time\":\"2026-12-07T19:44:38.000Z\",\"type\":\"sandbox.exec\",\"level\":2,\"actor\":\"sandbox\",\"fields\":{\"backend\":\"bwrap\",\"program\":\"ls\",\"exit\":0}}|880804|3",
            "{\"time\":\"2026-12-07T19:44:38.000Z\",\"type\":\"something.new\",\"level\":11,\"actor\":\"system\",\"fields\":{}}|880830|10"})
    void lineMatchesRule(String line, int rule, int level) {
        Analysis a = analyzer.analyze(line, "test");
        assertThat(a.ruleId()).as(a.toString()).isEqualTo(rule);
        assertThat(a.level()).isEqualTo(level);
        assertThat(a.description()).doesNotContain("$(");
    }

    @Test
    void sshdFieldsAreExtracted() {
        Analysis a = analyzer.analyze("Dec  7 19:44:38 web1 sshd[4121]: Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2", "auth.log");
        assertThat(a.decoder()).isEqualTo("sshd");
        assertThat(a.fields()).containsEntry("srcuser", "admin").containsEntry("srcip", "203.0.113.9").containsEntry("srcport", "51234");
        assertThat(a.description()).isEqualTo("sshd: authentication failed for 'admin' from 203.0.113.9.");
        assertThat(a.groups()).startsWith("syslog", "sshd").contains("authentication_failed");
        Analysis inv = analyzer.analyze("Dec  7 19:44:38 web1 sshd[4121]: Invalid user admin from 203.0.113.9 port 51234", "auth.log");
        assertThat(inv.fields()).containsEntry("srcuser", "admin").containsEntry("srcip", "203.0.113.9").containsEntry("srcport", "51234");
    }

    @Test
    void bruteForceFromOneSourceFiresOnTheSixthFailureAndIsKeyedBySource() {
        String fail = "Dec  7 19:44:38 web1 sshd[4121]: Failed password for root from %s port 51234 ssh2";
        for (int i = 0; i < 5; i++) {
            assertThat(analyzer.analyze(fail.formatted("203.0.113.9"), "auth.log").ruleId()).isEqualTo(880102);
            // Another source's failures interleave and must not count towards 203.0.113.9.
            assertThat(analyzer.analyze(fail.formatted("198.51.100.1"), "auth.log").ruleId()).isEqualTo(880102);
            clock.advance(Duration.ofSeconds(5));
        }
        Analysis sixth = analyzer.analyze(fail.formatted("203.0.113.9"), "auth.log");
        assertThat(sixth.ruleId()).isEqualTo(880110);
        assertThat(sixth.level()).isEqualTo(10);
        assertThat(sixth.description()).isEqualTo("sshd: brute force from 203.0.113.9: 6 failed logins within 2 minutes.");
        // ignore="60": the seventh within a minute does not fire again.
        assertThat(analyzer.analyze(fail.formatted("203.0.113.9"), "auth.log").ruleId()).isEqualTo(880102);
    }

    @Test
    void invalidUsersAndFailedPasswordsCountTogetherButNotOutsideTheTimeframe() {
        String inv = "Dec  7 19:44:38 web1 sshd[1]: Invalid user u%d from 203.0.113.9 port 1";
        for (int i = 0; i < 5; i++) {
            analyzer.analyze(inv.formatted(i), "auth.log");
            clock.advance(Duration.ofSeconds(30));
        }
        // The first failure is now 150 s old, past the 120 s timeframe: only 4 + this one count.
        assertThat(analyzer.analyze(inv.formatted(9), "auth.log").ruleId()).isEqualTo(880101);
        assertThat(analyzer.analyze("Dec  7 19:44:38 web1 sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2", "auth.log").ruleId())
                .isEqualTo(880110);
    }

    @Test
    void webClientErrorFloodFromOneSource() {
        String line = "203.0.113.5 - - [07/Dec/2026:19:44:38 +0000] \"GET /p%d HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"";
        for (int i = 0; i < 19; i++) {
            Analysis a = analyzer.analyze(line.formatted(i), "access.log");
            assertThat(a.ruleId()).isEqualTo(880701);
            assertThat(a.alert()).isFalse();
        }
        assertThat(analyzer.analyze(line.formatted(19), "access.log").ruleId()).isEqualTo(880710);
    }

    /** A Clock the test moves by hand (volatile: role threads read it). */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
