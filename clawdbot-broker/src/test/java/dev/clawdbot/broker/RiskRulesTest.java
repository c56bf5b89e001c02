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
}
