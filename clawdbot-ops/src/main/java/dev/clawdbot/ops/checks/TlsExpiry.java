package dev.clawdbot.ops.checks;

import dev.clawdbot.core.net.InspectOnlyTrust;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Expiry of the certificates that configured TLS endpoints ({@code host:port}) present: a WARNING at
 * {@code warnDays} or fewer days left, CRITICAL at {@code criticalDays} or fewer (or already expired). The handshake
 * accepts any chain on purpose: the check reads the leaf's dates and sends nothing, and an endpoint with a
 * self-signed or internal-CA certificate expires all the same. An endpoint that cannot be reached is a WARNING.
 */
public final class TlsExpiry {
    static final String NAME = "tls";

    private final int warnDays;
    private final int criticalDays;
    private final Duration timeout;
    private final Clock clock;

    public TlsExpiry(int warnDays, int criticalDays, Duration timeout, Clock clock) {
        if (criticalDays < 0 || warnDays < criticalDays) {
            throw new IllegalArgumentException("tls thresholds must satisfy 0 <= criticalDays <= warnDays, were " + warnDays + " and " + criticalDays);
        }
        this.warnDays = warnDays;
        this.criticalDays = criticalDays;
        this.timeout = timeout;
        this.clock = clock;
    }

    public List<Finding> check(List<String> endpoints) {
        List<Finding> findings = new ArrayList<>();
        for (String endpoint : endpoints) {
            int colon = endpoint.lastIndexOf(':');
            String host = endpoint.substring(0, colon);
            int port = Integer.parseInt(endpoint.substring(colon + 1));
            Instant notAfter;
            try {
                notAfter = notAfter(host, port);
            } catch (IOException | GeneralSecurityException e) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, endpoint, "no TLS handshake: " + e.getMessage(),
                        "check the service is up and speaks TLS: openssl s_client -connect " + endpoint));
                continue;
            }
            Instant now = clock.instant();
            // toDays() rounds toward zero: a certificate that expired 23 h ago is "0 days" away, so expiry is its own test.
            long days = Duration.between(now, notAfter).toDays();
            String message = !notAfter.isAfter(now) ? "certificate expired on " + notAfter : "certificate expires in " + days + " days (" + notAfter + ")";
            Finding.Severity severity = days <= criticalDays ? Finding.Severity.CRITICAL
                    : days <= warnDays ? Finding.Severity.WARNING : Finding.Severity.INFO;
            findings.add(new Finding(severity, NAME, endpoint, message,
                    severity == Finding.Severity.INFO ? "" : "renew the certificate (certbot renew, or your CA) and reload the service"));
        }
        return findings;
    }

    private Instant notAfter(String host, int port) throws IOException, GeneralSecurityException {
        SSLContext ctx = InspectOnlyTrust.context();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            raw.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true)) {
                tls.startHandshake();
                Certificate[] chain = tls.getSession().getPeerCertificates();
                return ((X509Certificate) chain[0]).getNotAfter().toInstant();
            }
        }
    }
}
