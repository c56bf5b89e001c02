package dev.clawdbot.ops.cli;

import dev.clawdbot.ops.secrets.Inventory;
import dev.clawdbot.ops.secrets.SecretEntry;
import dev.clawdbot.ops.secrets.SecretStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code clawdbot secrets}: the rotation inventory, what is due, recording a rotation and its checklist. */
@Command(name = "secrets", description = "Secret rotation: the inventory, what is due, recording rotations.",
        mixinStandardHelpOptions = true)
public final class SecretsCommand {

    /** {@code inventory} opens the inventory over the configured database; the caller closes what it opened. */
    public static CommandLine commandLine(Supplier<Inventory> inventory) {
        CommandLine cl = new CommandLine(new SecretsCommand());
        cl.addSubcommand("list", new Listing(inventory, false));
        cl.addSubcommand("due", new Listing(inventory, true));
        cl.addSubcommand("rotated", new Rotated(inventory));
        cl.addSubcommand("checklist", new Checklist(inventory));
        return cl;
    }

    private static void print(PrintWriter out, List<SecretStatus> statuses) {
        out.printf("%-36s %-9s %-11s %-11s %-9s %s%n", "SECRET", "CADENCE", "ROTATED", "DUE", "STATE", "OWNER / USED BY");
        for (SecretStatus s : statuses) {
            out.printf("%-36s %-9s %-11s %-11s %-9s %s / %s%n", s.entry().name(), s.entry().cadence(),
                    s.lastRotated() + (s.recorded() ? "" : "*"), s.due(), s.state(), s.entry().owner(), s.entry().usedBy());
        }
        if (statuses.stream().anyMatch(s -> !s.recorded())) out.println("* never recorded: the date Clawdbot started tracking it");
        out.flush();
    }

    @Command(mixinStandardHelpOptions = true, description = "List the secrets with their due dates (due: only those within 14 days or past).")
    static final class Listing extends SourcedCommand<Inventory> {
        private final boolean dueOnly;

        Listing(Supplier<Inventory> inventory, boolean dueOnly) {
            super(inventory);
            this.dueOnly = dueOnly;
        }

        @Override
        int run(PrintWriter out) {
            List<SecretStatus> all = open().statuses();
            print(out, dueOnly ? all.stream().filter(s -> s.state() != SecretStatus.State.OK).toList() : all);
            return 0;
        }
    }

    /** A subcommand on one named secret: an unknown name lists the inventory's names on stderr and exits 1. */
    abstract static class OnNamedSecret<T> extends SourcedCommand<Inventory> {
        @Parameters(paramLabel = "NAME")
        String name;

        OnNamedSecret(Supplier<Inventory> inventory) {
            super(inventory);
        }

        abstract Optional<T> find(Inventory inventory, String name);

        abstract void print(PrintWriter out, T found);

        @Override
        final int run(PrintWriter out) {
            Inventory inv = open();
            Optional<T> found = find(inv, name);
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("no secret named " + name + " in the inventory; the secrets are: " + String.join(", ", inv.names()));
                return 1;
            }
            print(out, found.get());
            return 0;
        }
    }

    @Command(name = "rotated", mixinStandardHelpOptions = true, description = "Record that NAME was rotated now; restarts its cadence.")
    static final class Rotated extends OnNamedSecret<SecretStatus> {
        Rotated(Supplier<Inventory> inventory) {
            super(inventory);
        }

        @Override
        Optional<SecretStatus> find(Inventory inventory, String name) {
            return inventory.rotated(name);
        }

        @Override
        void print(PrintWriter out, SecretStatus st) {
            out.println(name + ": rotated " + st.lastRotated() + ", next due " + st.due());
        }
    }

    @Command(name = "checklist", mixinStandardHelpOptions = true, description = "Show the post-rotation checklist of NAME.")
    static final class Checklist extends OnNamedSecret<SecretEntry> {
        Checklist(Supplier<Inventory> inventory) {
            super(inventory);
        }

        @Override
        Optional<SecretEntry> find(Inventory inventory, String name) {
            return inventory.entry(name);
        }

        @Override
        void print(PrintWriter out, SecretEntry entry) {
            out.println(entry.name() + " (used by " + entry.usedBy() + ", owner " + entry.owner() + ", " + entry.cadence() + ")");
            out.println(entry.checklistText());
        }
    }
}
