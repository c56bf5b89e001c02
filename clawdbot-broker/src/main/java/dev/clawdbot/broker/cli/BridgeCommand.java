package dev.clawdbot.broker.cli;

import dev.clawdbot.broker.bridge.BridgeSender;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.bridge.WebhookSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code clawdbot bridge send|sign|verify|keygen}: the admin side's sender and the operator's debugging
 * tools for the Standard Webhooks signature. Secrets given on the command line are never echoed.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true, description = "Signed one-way bridge to a user agent.")
public final class BridgeCommand {

    @Spec
    CommandSpec spec;

    private final Supplier<BridgeSender> sender;
    private final Supplier<InputStream> stdin;
    private final Clock clock;

    public BridgeCommand(Supplier<BridgeSender> sender, Supplier<InputStream> stdin, Clock clock) {
        this.sender = sender;
        this.stdin = stdin;
        this.clock = clock;
    }

    @Command(name = "send", description = "Sign and deliver a note to a user agent.")
    int send(@Option(names = "--to", required = true, description = "agent id") String to,
             @Option(names = "--request", description = "broker request id the note concerns") String requestId,
             @Parameters(paramLabel = "TEXT", arity = "1..*") List<String> text) {
        try {
            String id = sender.get().send(to, String.join(" ", text), requestId);
            spec.commandLine().getOut().println(id);
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("bridge send: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("bridge send: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "sign", description = "Print the webhook-signature for a body read from stdin.")
    int sign(@Option(names = "--secret", required = true, description = "whsec_ secret") String secret,
             @Option(names = "--id", required = true) String id,
             @Option(names = "--timestamp", required = true, description = "unix seconds") long timestamp) {
        try {
            byte[] body = readStdin();
            spec.commandLine().getOut().println(WebhookSignature.sign(WebhookSecret.parse(secret), id, timestamp, body));
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("bridge sign: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("bridge sign: cannot read stdin: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "verify", description = "Check a webhook-signature against a body read from stdin.")
    int verify(@Option(names = "--secret", required = true, description = "whsec_ secret; repeat for rotation") List<String> secrets,
               @Option(names = "--id", required = true) String id,
               @Option(names = "--timestamp", required = true) String timestamp,
               @Option(names = "--signature", required = true) String signature,
               @Option(names = "--ignore-time", description = "skip the 5-minute window (for old samples)") boolean ignoreTime) {
        List<WebhookSecret> parsed = new ArrayList<>();
        try {
            for (String s : secrets) parsed.add(WebhookSecret.parse(s));
            byte[] body = readStdin();
            Duration tolerance = ignoreTime ? Duration.ofDays(365_000) : WebhookSignature.DEFAULT_TOLERANCE;
            WebhookSignature.Verdict v = WebhookSignature.verify(Map.of(WebhookSignature.ID, id,
                    WebhookSignature.TIMESTAMP, timestamp, WebhookSignature.SIGNATURE, signature), body, parsed, clock.instant(), tolerance);
            if (v instanceof WebhookSignature.Verdict.Invalid(String reason)) {
                spec.commandLine().getOut().println("invalid: " + reason);
                return 1;
            }
            spec.commandLine().getOut().println("valid");
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("bridge verify: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("bridge verify: cannot read stdin: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "keygen", description = "Print a fresh whsec_ secret.")
    int keygen() {
        spec.commandLine().getOut().println(WebhookSecret.generate());
        return 0;
    }

    private byte[] readStdin() throws IOException {
        try (InputStream in = stdin.get()) {
            return in.readAllBytes();
        }
    }
}
