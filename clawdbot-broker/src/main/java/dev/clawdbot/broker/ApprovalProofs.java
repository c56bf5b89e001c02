package dev.clawdbot.broker;

import dev.clawdbot.broker.bridge.WebhookSecret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * Proofs that content cannot forge: a per-request one-time code and a signed approve link, both HMACs
 * under the broker's link secret. Codes are derived, not stored, so a reminder can repeat the same code;
 * the store only remembers whether it was used.
 */
final class ApprovalProofs {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final byte[] key;
    private final URI linkBase;

    ApprovalProofs(String linkSecret, URI linkBase) {
        this.key = linkSecretKey(linkSecret);
        this.linkBase = linkBase;
    }

    private static byte[] linkSecretKey(String s) {
        WebhookSecret.parse(s);
        String b64 = s.strip().startsWith("whsec_") ? s.strip().substring(6) : s.strip();
        return Base64.getDecoder().decode(b64);
    }

    /** Ten characters from an unambiguous alphabet, e.g. {@code K7Q2-MX9PZR}, shown as two groups. */
    String code(String requestId) {
        return derive("code:" + requestId);
    }

    /** The approve page's code: another HMAC, so the mail's code (which a forwarded mail carries) does not open it. */
    String pageCode(String requestId) {
        return derive("page:" + requestId);
    }

    /** True when {@code typed} is this request's page code (case, spaces and dashes ignored), compared in constant time. */
    boolean pageCodeValid(String requestId, String typed) {
        if (typed == null || typed.length() > 64) return false;
        String want = pageCode(requestId).replace("-", "");
        StringBuilder got = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) if (c != '-' && c != ' ') got.append(c);
        return MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII), got.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String derive(String label) {
        byte[] mac = hmac(label);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 4) sb.append('-');
            sb.append(ALPHABET.charAt((mac[i] & 0xff) % ALPHABET.length()));
        }
        return sb.toString();
    }

    /** True when {@code text} contains this request's code (case and dash insensitive). */
    boolean textContainsCode(String requestId, String text) {
        if (text == null) return false;
        String want = code(requestId).replace("-", "");
        String hay = lettersAndDigits(text.toUpperCase(Locale.ROOT));
        boolean found = false;
        // Compare every window in constant time per window; the position of a match reveals nothing useful.
        for (int i = 0; i + want.length() <= hay.length(); i++) {
            found |= MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII), hay.substring(i, i + want.length()).getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }

    String linkSignature(String requestId, String actionHash) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("approve:" + requestId + ":" + actionHash));
    }

    boolean linkValid(String requestId, String actionHash, String signature) {
        if (signature == null) return false;
        return MessageDigest.isEqual(linkSignature(requestId, actionHash).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    URI link(String requestId, String actionHash) {
        if (linkBase == null) return null;
        String base = linkBase.toString().endsWith("/") ? linkBase.toString() : linkBase + "/";
        return URI.create(base + "broker/approve?request=" + enc(requestId) + "&hash=" + actionHash + "&sig=" + linkSignature(requestId, actionHash));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private byte[] hmac(String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code s.replaceAll("[^A-Z0-9]", "")} in one pass (the text is the operator's reply, from mail or chat). */
    static String lettersAndDigits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') sb.append(c);
        }
        return sb.toString();
    }
}
