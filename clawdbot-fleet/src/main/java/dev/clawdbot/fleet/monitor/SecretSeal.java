package dev.clawdbot.fleet.monitor;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AES-256-GCM for secrets kept in the database (the stored monitors' passwords, tokens and header values), keyed
 * by {@code DATA/at-rest.key}: one base64 key of 32 bytes per line, the first seals, every line opens. The file is
 * made mode 0600 on first use (a private temp file linked into place, so a concurrent start never sees half of
 * it). A sealed value is {@code sealed:v1:<key id>:<base64url(12-byte nonce, ciphertext, tag)>}; the key id is the
 * first 8 hex digits of the key's SHA-256, and the monitor's name and field are the associated data, so a value
 * copied to another monitor or field does not open. Rotation: put a new key on the first line and keep the old one
 * below it; values sealed with the old key are sealed anew when next read, then the old line can go.
 */
public final class SecretSeal {
    public static final String KEY_FILE = "at-rest.key";
    static final String PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Key id to key; the first entry seals. Empty: {@link #none()}. */
    private final Map<String, SecretKeySpec> keys;
    private final String currentId;
    private final String source;

    private SecretSeal(Map<String, SecretKeySpec> keys, String source) {
        this.keys = keys;
        this.currentId = keys.isEmpty() ? null : keys.keySet().iterator().next();
        this.source = source;
    }

    /** No key: clear values are read as they are, sealing and opening fail (tests and tools without a data dir). */
    public static SecretSeal none() {
        return new SecretSeal(Map.of(), "no key file");
    }

    /** The keys of {@code dataDir/at-rest.key}, made with one new key (mode 0600) when the file does not exist. */
    public static SecretSeal open(Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) create(file);
            Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                byte[] raw;
                try {
                    raw = Base64.getDecoder().decode(t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(file + ": a line is not base64 (one key of 32 bytes per line, e.g. openssl rand -base64 32)");
                }
                if (raw.length != 32) throw new IllegalStateException(file + ": a key has " + raw.length + " bytes, need 32 (openssl rand -base64 32)");
                keys.putIfAbsent(id(raw), new SecretKeySpec(raw, "AES"));
            }
            if (keys.isEmpty()) throw new IllegalStateException(file + " holds no key: delete it to have one made, or write one (openssl rand -base64 32)");
            return new SecretSeal(keys, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** Whether there is a key to seal with. */
    boolean canSeal() {
        return currentId != null;
    }

    /** Whether {@code value} is sealed with the current key (else: clear, or an older key's, and worth sealing anew). */
    boolean current(String value) {
        return currentId != null && value.startsWith(PREFIX + currentId + ":");
    }

    /** Seals {@code clear} for the field {@code context} ({@code monitor/NAME/FIELD}). */
    String seal(String clear, String context) {
        if (currentId == null) throw new IllegalStateException("cannot seal " + context + ": " + source);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return PREFIX + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM: " + e.getMessage(), e);
        }
    }

    /** The clear value of a sealed one; a clear value is returned as it is. */
    String open(String value, String context) {
        if (!isSealed(value)) return value;
        String rest = value.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        SecretKeySpec key = colon < 0 ? null : keys.get(rest.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException(context + " is sealed with key " + (colon < 0 ? "?" : rest.substring(0, colon))
                    + ", which " + source + " does not hold (restore the old key as a line of that file)");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(context + ": the sealed value does not open (altered, or moved from another monitor or field)", e);
        }
    }

    private static String id(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a new key under a private temp name and links it into place; another process's file wins a race. */
    private static void create(Path file) throws IOException {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Path tmp = Files.createTempFile(file.getParent(), ".at-rest.key.", ".tmp", privateFile());
        try {
            Files.writeString(tmp, "# AES-256 keys for secrets in the database; the first seals, all open (docs/fleet.md)\n"
                    + Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                // another process made it first: its key is the one
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static FileAttribute<?>[] privateFile() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
        return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    @Override
    public String toString() {
        return "SecretSeal[" + source + ", " + keys.size() + " key(s)]";
    }
}
