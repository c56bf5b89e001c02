package dev.clawdbot.core.net;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * A TLS context whose handshake accepts every server chain, for connections that only inspect the certificate (ops'
 * expiry check reads its dates; fleet's TLS probes keep the chain and judge it afterwards) and send no data that
 * trust would protect. Never use it for a connection that carries requests or secrets.
 */
public final class InspectOnlyTrust {
    private InspectOnlyTrust() {
    }

    /** A fresh "TLS" context with no client keys and the accept-everything trust manager. */
    public static SSLContext context() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new AcceptAll()}, null);
        return ctx;
    }

    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
