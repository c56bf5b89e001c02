package dev.clawdbot.fleet.ssh;

import java.io.IOException;

/** Why a connection to a host failed; nothing ran on it. Messages never quote key material. */
public final class SshException extends IOException {
    /** The failure's kind. */
    public enum Kind {
        /** The host offered a key that is not pinned while others are: a changed key (or a different host). */
        HOST_KEY_CHANGED,
        /** No key is pinned for the host: it must be pinned first ({@code clawdbot hosts pin}). */
        HOST_KEY_UNKNOWN,
        /** The known_hosts file is missing or unreadable. */
        PINS_UNREADABLE,
        /** TCP connect, key exchange or the jump host failed. */
        CONNECT,
        /** The private key cannot be read (or the passphrase is wrong). */
        KEY,
        /** The host did not accept the key. */
        AUTH
    }

    private final Kind kind;
    private final String offered;

    public SshException(Kind kind, String message, String offered) {
        super(message);
        this.kind = kind;
        this.offered = offered;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code type SHA256:...} of the refused key, for host-key failures; else null. */
    public String offered() {
        return offered;
    }

    /** Whether the host's key was refused (changed or unknown). */
    public boolean hostKeyRefused() {
        return kind == Kind.HOST_KEY_CHANGED || kind == Kind.HOST_KEY_UNKNOWN;
    }
}
