package dev.clawdbot.ops.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code secrets rotated NAME --verify}: runs the secret's verifier and records the rotation only when it passes,
 * so a clock is never reset for a value that does not work.
 */
public final class VerifiedRotation {
    /** What happened: the new status when recorded, else why not. */
    public record Outcome(Optional<SecretStatus> status, String message) {
    }

    private final Inventory inventory;
    private final Map<String, SecretVerifier> verifiers;

    public VerifiedRotation(Inventory inventory, Map<String, SecretVerifier> verifiers) {
        this.inventory = inventory;
        this.verifiers = Map.copyOf(verifiers);
    }

    /** Empty when NAME is not in the inventory (the caller lists the names). */
    public Optional<Outcome> rotate(String name) {
        if (inventory.entry(name).isEmpty()) return Optional.empty();
        SecretVerifier v = verifiers.get(name);
        if (v == null) {
            return Optional.of(new Outcome(Optional.empty(), "no verify step for " + name + "; Clawdbot can verify: "
                    + String.join(", ", new TreeSet<>(verifiers.keySet())) + ". Not recorded; run without --verify to record it anyway"));
        }
        SecretVerifier.Verdict verdict = v.verify();
        if (!verdict.ok()) return Optional.of(new Outcome(Optional.empty(), "verification failed: " + verdict.message() + ". Not recorded"));
        return Optional.of(new Outcome(inventory.rotated(name), "verified: " + verdict.message()));
    }
}
