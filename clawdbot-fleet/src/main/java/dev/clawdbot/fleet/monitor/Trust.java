package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.net.InspectOnlyTrust;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS for probes: the handshake accepts any chain ({@link InspectOnlyTrust}) and keeps it, so an expired or untrusted certificate is reported
 * with its details instead of ending in a bare handshake error; {@link #validate} then judges the chain.
 */
final class Trust {
    private Trust() {
    }

    /** Wraps a connected socket in TLS with SNI {@code host}, handshakes and returns the peer's chain. */
    static X509Certificate[] handshake(Socket plain, String host, int port, int timeoutMs) throws IOException {
        try {
            SSLSocket tls = (SSLSocket) InspectOnlyTrust.context().getSocketFactory().createSocket(plain, host, port, true);
            if (!ipLiteral(host)) { // SNI carries names only
                SSLParameters params = tls.getSSLParameters();
                params.setServerNames(List.of(new javax.net.ssl.SNIHostName(host)));
                tls.setSSLParameters(params);
            }
            tls.setSoTimeout(timeoutMs);
            tls.startHandshake();
            Certificate[] peer = tls.getSession().getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[peer.length];
            for (int i = 0; i < peer.length; i++) chain[i] = (X509Certificate) peer[i];
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad host name for SNI: " + host);
        }
    }

    private static boolean ipLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** Null when the chain leads to a trusted CA ({@code caFile}'s, or the JDK's when null), else why not. */
    static String validate(X509Certificate[] chain, String caFile) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(caFile == null ? null : anchors(Path.of(caFile)));
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    // "UNKNOWN" is the JDK's own auth type for TLS 1.3; key usage is not what this check is about.
                    x.checkServerTrusted(chain, "UNKNOWN");
                    return null;
                }
            }
            return "no X.509 trust manager";
        } catch (java.security.cert.CertificateException e) {
            return "chain not trusted: " + Text.clip(String.valueOf(e.getMessage()), 160);
        } catch (GeneralSecurityException | IOException e) {
            return "trusted CAs unreadable: " + e.getMessage();
        }
    }

    static KeyStore anchors(Path pem) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
        }
        return ks;
    }

    /**
     * The TLS context of an HTTPS monitor with a client certificate ({@code clientCertificate}, PKCS#12) and/or a
     * private CA ({@code caFile}); the server's certificate is verified as usual (chain and host name).
     */
    static SSLContext clientContext(MonitorSpec spec) {
        try {
            javax.net.ssl.KeyManager[] keys = null;
            if (spec.clientCertificate() != null) {
                char[] pw = spec.clientCertificatePassword() == null ? new char[0] : spec.clientCertificatePassword().toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(Path.of(spec.clientCertificate()))) {
                    ks.load(in, pw);
                }
                javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                keys = kmf.getKeyManagers();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(spec.caFile() == null ? null : anchors(Path.of(spec.caFile())));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("monitors." + spec.name() + ".clientCertificate: " + e.getMessage(), e);
        }
    }
}
