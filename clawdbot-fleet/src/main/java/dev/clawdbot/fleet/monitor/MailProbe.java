package dev.clawdbot.fleet.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * SMTP: a {@code 220} greeting; IMAP: a {@code * OK} greeting. With {@code startTls} it then asks for STARTTLS
 * ({@code EHLO} first for SMTP) and completes the TLS handshake; with {@code caFile} the chain must also be trusted.
 * Lines are read byte by byte up to 1 KiB each, at most 50 lines of an EHLO reply.
 */
record MailProbe(MonitorSpec spec, Clock clock) implements Probe {
    static final int LINE_LIMIT = 1024;

    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        int timeoutMs = (int) spec.timeout().toMillis();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(spec.host(), spec.port()), timeoutMs);
            s.setSoTimeout(timeoutMs);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            boolean smtp = spec.type() == MonitorType.SMTP;
            String greeting = line(in);
            if (smtp ? !greeting.startsWith("220") : !greeting.startsWith("* OK")) {
                return down(at, start, "unexpected greeting: " + Text.clip(greeting, 120));
            }
            if (spec.startTls()) {
                String refused = smtp ? smtpStartTls(in, out) : imapStartTls(in, out);
                if (refused != null) return down(at, start, refused);
                var chain = Trust.handshake(s, spec.host(), spec.port(), timeoutMs);
                if (spec.caFile() != null) {
                    String untrusted = Trust.validate(chain, spec.caFile());
                    if (untrusted != null) return down(at, start, untrusted);
                }
            }
            return CheckResult.up(at, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return down(at, start, spec.type() + " failed: " + e.getMessage());
        }
    }

    private static String smtpStartTls(InputStream in, OutputStream out) throws IOException {
        send(out, "EHLO clawdbot-monitor");
        String l;
        int n = 0;
        do {
            l = line(in);
            if (!l.startsWith("250")) return "EHLO refused: " + Text.clip(l, 120);
        } while (l.startsWith("250-") && ++n < 50);
        send(out, "STARTTLS");
        l = line(in);
        return l.startsWith("220") ? null : "STARTTLS refused: " + Text.clip(l, 120);
    }

    private static String imapStartTls(InputStream in, OutputStream out) throws IOException {
        send(out, "a1 STARTTLS");
        for (int n = 0; n < 50; n++) {
            String l = line(in);
            if (l.startsWith("a1 ")) return l.startsWith("a1 OK") ? null : "STARTTLS refused: " + Text.clip(l, 120);
        }
        return "no answer to STARTTLS";
    }

    private static void send(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CRLF; fails past {@link #LINE_LIMIT} bytes or at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (b.size() < LINE_LIMIT) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed");
            if (c == '\n') return b.toString(StandardCharsets.UTF_8).stripTrailing();
            b.write(c);
        }
        throw new IOException("line longer than " + LINE_LIMIT + " bytes");
    }

    private static CheckResult down(Instant at, long start, String cause) {
        return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), cause);
    }
}
