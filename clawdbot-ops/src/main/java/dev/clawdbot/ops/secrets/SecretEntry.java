package dev.clawdbot.ops.secrets;

/**
 * {@code ops.secrets[]:} — one secret in the rotation inventory.
 *
 * @param name      unique name, used by {@code clawdbot secrets rotated NAME} (for Clawdbot's own: the config key)
 * @param usedBy    what uses it (shown in reminders)
 * @param cadence   {@code quarterly}, {@code semiannual}, {@code annual} or {@code Nd} (default {@code annual})
 * @param owner     who rotates it (default {@code operator})
 * @param checklist the post-rotation steps, free text (default: a generic checklist)
 */
public record SecretEntry(String name, String usedBy, String cadence, String owner, String checklist) {

    public SecretEntry {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("ops.secrets[].name is required");
        name = name.strip();
        if (name.length() > 200 || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("ops.secrets." + name + ".name: 1-200 printable characters without spaces");
        }
        cadence = cadence == null ? "annual" : cadence;
        try {
            Cadence.parse(cadence);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ops.secrets." + name + ".cadence: " + e.getMessage(), e);
        }
        usedBy = usedBy == null || usedBy.isBlank() ? "-" : usedBy.strip();
        owner = owner == null || owner.isBlank() ? "operator" : owner.strip();
        checklist = checklist == null || checklist.isBlank() ? null : checklist.strip();
    }

    public Cadence parsedCadence() {
        return Cadence.parse(cadence);
    }

    /** The configured checklist, or the steps every rotation needs. */
    public String checklistText() {
        if (checklist != null) return checklist;
        return """
                1. Create the new value at its issuer (%s) and keep the old one valid for now.
                2. Put the new value where Clawdbot reads it (clawdbot.yaml, its env variable or secret file) and restart Clawdbot.
                3. Check that %s works with the new value.
                4. Revoke the old value at its issuer.
                5. Record it: clawdbot secrets rotated %s""".formatted(usedBy, usedBy, name);
    }
}
