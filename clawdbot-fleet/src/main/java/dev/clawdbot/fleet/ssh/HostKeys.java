package dev.clawdbot.fleet.ssh;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/** Host key fingerprints and known_hosts lines, in plain code (no pattern engine meets a configured or offered key). */
public final class HostKeys {
    private HostKeys() {
    }

    /** OpenSSH's {@code SHA256:} fingerprint: unpadded base64 of the SHA-256 of the key's wire encoding. */
    public static String fingerprint(PublicKey key) {
        return fingerprintOfBlob(blob(key));
    }

    static String fingerprintOfBlob(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /** The key's type name as OpenSSH writes it ({@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, ...). */
    public static String type(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    /** A known_hosts line for {@code address:port}: {@code [address]:port type base64}, or without brackets on port 22. */
    public static String knownHostsLine(String address, int port, PublicKey key) {
        return hostField(address, port) + " " + type(key) + " " + Base64.getEncoder().encodeToString(blob(key));
    }

    /** The host field OpenSSH writes for an address and port. */
    public static String hostField(String address, int port) {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    /**
     * The fingerprint a pin stands for: {@code SHA256:<base64>} as {@code ssh-keygen -lf} prints it, or a known_hosts
     * entry ({@code [host]:port type base64 [comment]} or just {@code type base64}), whose key is hashed here.
     *
     * @throws IllegalArgumentException saying which form was expected
     */
    public static String pin(String text) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("SHA256:")) {
            String b64 = t.substring(7);
            while (b64.endsWith("=")) b64 = b64.substring(0, b64.length() - 1);
            if (b64.length() != 43 || !base64(b64)) {
                throw new IllegalArgumentException("a SHA256: fingerprint has 43 base64 characters (ssh-keygen -lf), was " + shorten(t));
            }
            return "SHA256:" + b64;
        }
        String[] f = fields(t);
        int at = f.length >= 2 && f[0].startsWith("ssh-") || f.length >= 2 && f[0].startsWith("ecdsa-") ? 0 : 1;
        if (f.length < at + 2 || !(f[at].startsWith("ssh-") || f[at].startsWith("ecdsa-") || f[at].startsWith("sk-"))) {
            throw new IllegalArgumentException("expected SHA256:<fingerprint> or a known_hosts entry '[host]:port type base64', was " + shorten(t));
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(f[at + 1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of known_hosts entry " + shorten(t) + " is not base64");
        }
        if (blob.length < 20) throw new IllegalArgumentException("the key of known_hosts entry " + shorten(t) + " is too short to be a host key");
        return fingerprintOfBlob(blob);
    }

    /** Whitespace-separated fields, at most 4 (the comment keeps its spaces). */
    static String[] fields(String t) {
        java.util.List<String> out = new java.util.ArrayList<>(4);
        int i = 0;
        while (i < t.length() && out.size() < 3) {
            while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) i++;
            int start = i;
            while (i < t.length() && t.charAt(i) != ' ' && t.charAt(i) != '\t') i++;
            if (i > start) out.add(t.substring(start, i));
        }
        String rest = t.substring(i).strip();
        if (!rest.isEmpty()) out.add(rest);
        return out.toArray(String[]::new);
    }

    private static boolean base64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) return false;
        }
        return true;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
