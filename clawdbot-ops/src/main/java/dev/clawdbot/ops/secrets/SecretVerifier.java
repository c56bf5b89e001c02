package dev.clawdbot.ops.secrets;

/**
 * Checks that a rotated secret works before {@code clawdbot secrets rotated NAME --verify} restarts its clock: one
 * harmless authenticated call with the value Clawdbot now reads (Telegram {@code getMe}, a provider's
 * {@code /v1/models}, an SMTP or IMAP login).
 */
@FunctionalInterface
public interface SecretVerifier {
    /** What the check found; a failure's message says what the service answered, never the secret. */
    record Verdict(boolean ok, String message) {
    }

    Verdict verify();
}
