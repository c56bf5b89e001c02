package dev.clawdbot.ops.secrets;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rotation inventory: the secrets configured under {@code ops.secrets} plus, unless configured there under the
 * same name, every secret Clawdbot itself holds (annual, owner {@code operator}).
 */
public final class Inventory {
    private final Map<String, SecretEntry> entries = new LinkedHashMap<>();
    private final RotationStore store;
    private final Clock clock;

    /** @param held the config keys of the secrets Clawdbot holds ({@code gateway.token}, {@code telegram.botToken}) */
    public Inventory(List<SecretEntry> configured, List<String> held, RotationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        configured.forEach(e -> entries.put(e.name(), e));
        held.forEach(key -> entries.putIfAbsent(key, new SecretEntry(key, "Clawdbot (" + key + ")", "annual", null, null)));
    }

    public Optional<SecretEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Every secret's status today, starting to track those never seen before. */
    public List<SecretStatus> statuses() {
        Instant now = clock.instant();
        Map<String, RotationStore.Rotation> rotations = store.all();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        List<SecretStatus> out = new ArrayList<>();
        for (SecretEntry e : entries.values()) {
            RotationStore.Rotation r = rotations.get(e.name());
            if (r == null) {
                store.firstSeen(e.name(), now);
                r = new RotationStore.Rotation(now, RotationStore.Source.FIRST_SEEN);
            }
            LocalDate last = LocalDate.ofInstant(r.at(), clock.getZone());
            out.add(new SecretStatus(e, last, r.source() == RotationStore.Source.OPERATOR, e.parsedCadence().dueAfter(last), today));
        }
        return out;
    }

    /** Records that {@code name} was rotated now; empty when there is no such secret in the inventory. */
    public Optional<SecretStatus> rotated(String name) {
        if (!entries.containsKey(name)) return Optional.empty();
        store.rotated(name, clock.instant());
        return statuses().stream().filter(s -> s.entry().name().equals(name)).findFirst();
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }
}
