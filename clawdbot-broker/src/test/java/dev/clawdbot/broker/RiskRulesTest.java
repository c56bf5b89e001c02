package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RiskRulesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rm -rf /var/www                 | HIGH
            /usr/bin/dd if=/dev/zero of=x   | HIGH
            mkfs.ext4 /dev/sdb1             | HIGH
            apt-get install -y htop         | HIGH
            pip3 install requests           | HIGH
            ufw allow 22                    | HIGH
            iptables -F                     | HIGH
            useradd mallory                 | HIGH
            passwd root                     | HIGH
            bash -c ls                      | HIGH
            sudo ls                         | HIGH
            cat /etc/shadow                 | HIGH
            cat /home/op/.ssh/id_rsa        | HIGH
            systemctl stop nginx            | HIGH
            docker rm -f web                | HIGH
            chmod -R 777 /srv               | HIGH
            systemctl restart nginx         | MEDIUM
            docker restart web              | MEDIUM
            chmod 644 /srv/index.html       | MEDIUM
            certbot renew                   | MEDIUM
            systemctl status nginx          | LOW
            df -h                           | LOW
            uptime                          | LOW
            docker ps                       | LOW
            journalctl -u nginx             | LOW
            """)
    void commands(String cmd, RiskRules.Risk expected) {
        assertThat(RiskRules.assess(List.of(ProposedAction.command(cmd.split(" ")))).risk()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            write  | /etc/nginx/sites-enabled/app | HIGH
            delete | /srv/app/old.html            | HIGH
            write  | /srv/app/.env                | HIGH
            write  | /srv/app/index.html          | MEDIUM
            """)
    void files(String op, String path, RiskRules.Risk expected) {
        ProposedAction a = new ProposedAction.File(null, path, ProposedAction.File.Operation.of(op), op.equals("write") ? "x" : null, null);
        assertThat(RiskRules.assess(List.of(a)).risk()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aRemoteHostIsNeverLow() {
        ProposedAction a = new ProposedAction.Command("web1", List.of("uptime"));
        assertThat(RiskRules.assess(List.of(a)).risk()).isEqualTo(RiskRules.Risk.MEDIUM);
    }

    /**
     * Request files and model output fill these fields; the rules run on RE2/J (linear time). Near-misses of every
     * alternative, 2,000 times over (200 KB) in a command and in a 90,000-character mail body. RE2/J is linear but not
     * fast on this (about 1.3 s for these three here; a 2 MB command took about 6 s a pass on the shared 2-core machine), hence the generous bound.
     */
    @org.junit.jupiter.api.Test
    void hostileTextIsAssessedQuickly() {
        String nearMisses = "passx secre toke credentia private-ke .pe .ke /etc/shado .ss id_rs http:/ ftp:/ www data:/ base64 ".repeat(2_000);
        ProposedAction cmd = ProposedAction.command("echo", nearMisses);
        ProposedAction mail = ProposedAction.mail(List.of("a@example.org"), List.of(), "hello", nearMisses.substring(0, 90_000));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            assertThat(RiskRules.assess(List.of(cmd)).risk()).isEqualTo(RiskRules.Risk.MEDIUM);
            assertThat(RiskRules.assess(List.of(mail)).risk()).as("too long for the approval preview").isEqualTo(RiskRules.Risk.HIGH);
        });
        assertThat(RiskRules.assess(List.of(ProposedAction.command("echo", nearMisses + "token"))).risk()).isEqualTo(RiskRules.Risk.HIGH);
    }
}
