package dev.clawdbot.broker.cli;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.broker.bridge.BridgeSender;
import dev.clawdbot.broker.bridge.WebhookSecret;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeCommandTest {

    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1614265330L));
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String stdin, BridgeSender sender, String... args) {
        CommandLine cl = new CommandLine(new BridgeCommand(() -> sender,
                () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), clock));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void signPrintsTheTestVectorSignatureAndVerifyAcceptsIt() {
        String body = "{\"test\": 2432232314}";
        assertThat(run(body, null, "sign", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "--timestamp", "1614265330")).isZero();
        assertThat(out.toString().strip()).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        out.getBuffer().setLength(0);
        assertThat(run(body, null, "verify", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "--timestamp", "1614265330", "--signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isZero();
        assertThat(out.toString().strip()).isEqualTo("valid");
        out.getBuffer().setLength(0);
        assertThat(run(body + " ", null, "verify", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "--timestamp", "1614265330", "--signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isEqualTo(1);
        assertThat(out.toString().strip()).isEqualTo("invalid: no matching signature");
    }

    @Test
    void badSecretIsAUsageErrorThatDoesNotEchoTheSecret() {
        assertThat(run("{}", null, "sign", "--secret", "whsec_s3cr3t!!", "--id", "msg_1", "--timestamp", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("base64").doesNotContain("s3cr3t");
    }

    @Test
    void sendDeliversThroughTheSenderAndPrintsTheId() {
        List<String> sent = new ArrayList<>();
        BridgeSender sender = new BridgeSender(WebhookSecret.parse(WebhookSecret.generate()),
                m -> sent.add(m.agentId() + ":" + new String(m.body(), StandardCharsets.UTF_8)), clock, "admin");
        assertThat(run("", sender, "send", "--to", "dakota", "backup", "finished")).isZero();
        assertThat(out.toString()).startsWith("msg_");
        assertThat(sent).singleElement().asString().startsWith("dakota:").contains("\"text\":\"backup finished\"");
        assertThat(run("", sender, "send", "--to", "bad agent!", "x")).isEqualTo(2);
    }
}
