package dev.clawdbot.fleet.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Connects to host:port, handshakes TLS and judges the certificate: not expired, issued for {@code host} (subject
 * alternative names, one left-most wildcard label), and chained to a trusted CA ({@code caFile}'s or the JDK's). A
 * certificate that passes but expires within {@code warningDays} passes with a warning: the service works today.
 */
record TlsProbe(MonitorSpec spec, Clock clock) implements Probe {
    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        int timeoutMs = (int) spec.timeout().toMillis();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(spec.host(), spec.port()), timeoutMs);
            X509Certificate[] chain = Trust.handshake(s, spec.host(), spec.port(), timeoutMs);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            String cause = judge(chain, at);
            if (cause != null) return CheckResult.down(at, latency, cause);
            String warning = expiring(chain[0], at);
            return warning == null ? CheckResult.up(at, latency) : CheckResult.warn(at, latency, warning);
        } catch (IOException e) {
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "TLS handshake failed: " + e.getMessage());
        }
    }

    private String judge(X509Certificate[] chain, Instant now) {
        if (chain.length == 0) return "no certificate";
        X509Certificate leaf = chain[0];
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!notAfter.isAfter(now)) return "certificate expired at " + notAfter;
        if (leaf.getNotBefore().toInstant().isAfter(now)) return "certificate not valid before " + leaf.getNotBefore().toInstant();
        if (!matchesHost(leaf, spec.host())) return "certificate is not for " + spec.host() + " (names: " + names(leaf) + ")";
        return Trust.validate(chain, spec.caFile());
    }

    /** The warning for a valid certificate expiring within {@code warningDays}, else null. */
    private String expiring(X509Certificate leaf, Instant now) {
        Instant notAfter = leaf.getNotAfter().toInstant();
        long daysLeft = Duration.between(now, notAfter).toDays();
        if (daysLeft >= spec.warningDays()) return null;
        return "certificate expires in " + daysLeft + " days (" + notAfter + "), warning at " + spec.warningDays();
    }

    /** Whether a DNS or IP subject alternative name matches {@code host}; {@code *.example.com} covers one label. */
    static boolean matchesHost(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (List<?> san : sans(cert)) {
            int kind = (Integer) san.get(0);
            String name = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
            if (kind == 7 && name.equals(h)) return true;
            if (kind != 2) continue;
            if (name.equals(h)) return true;
            if (name.startsWith("*.")) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(name.substring(2))) return true;
            }
        }
        return false;
    }

    private static String names(X509Certificate cert) {
        List<String> out = sans(cert).stream().map(l -> String.valueOf(l.get(1))).limit(5).toList();
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static Collection<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> s = cert.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
