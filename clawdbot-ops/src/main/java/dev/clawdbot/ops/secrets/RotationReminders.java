package dev.clawdbot.ops.secrets;

import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.ops.scheduler.Job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code secret-rotation} job: walks the reminder ladder (14 days before, on the due date, then weekly while
 * overdue). Each step is sent once per secret and due date, however often the job runs; a run that skipped steps
 * sends only the current one.
 */
public final class RotationReminders implements Job {
    private final Inventory inventory;
    private final RotationStore store;
    private final OperatorNotifier notifier;
    private final Clock clock;

    public RotationReminders(Inventory inventory, RotationStore store, OperatorNotifier notifier, Clock clock) {
        this.inventory = inventory;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public List<String> run(Instant scheduledFor) {
        List<String> findings = new ArrayList<>();
        for (SecretStatus s : inventory.statuses()) {
            String step = s.step();
            if (step == null) continue;
            String name = s.entry().name();
            findings.add(s.state() + " " + name + ": due " + s.due());
            if (!store.claimReminder(name, s.due(), step, clock.instant())) continue;
            notifier.notify(new OperatorNotice("ops.secrets", "ops.secrets:" + name + ":" + s.due() + ":" + step,
                    level(s.state()), subject(s), body(s), clock.instant()));
        }
        return findings;
    }

    private static int level(SecretStatus.State state) {
        return switch (state) {
            case OK, DUE_SOON -> 5;
            case DUE -> 7;
            case OVERDUE -> 10;
        };
    }

    private static String subject(SecretStatus s) {
        String name = s.entry().name();
        return switch (s.state()) {
            case OK, DUE_SOON -> "Secret " + name + " is due for rotation in " + s.daysLeft() + " days (" + s.due() + ")";
            case DUE -> "Secret " + name + " is due for rotation (" + s.due() + ")";
            case OVERDUE -> "Secret " + name + " is " + -s.daysLeft() + " days overdue for rotation (due " + s.due() + ")";
        };
    }

    private static String body(SecretStatus s) {
        SecretEntry e = s.entry();
        return "Used by: " + e.usedBy() + "\nOwner: " + e.owner() + "\nCadence: " + e.cadence()
                + "\nLast rotated: " + s.lastRotated() + (s.recorded() ? "" : " (never recorded; tracked since then)")
                + "\n\nAfter rotating:\n" + e.checklistText() + "\n";
    }
}
