package dev.clawdbot.ops.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.ops.secrets.Inventory;
import dev.clawdbot.ops.secrets.SecretEntry;
import dev.clawdbot.ops.secrets.SecretStatus;
import dev.clawdbot.ops.secrets.SecretVerifier;
import dev.clawdbot.ops.secrets.VerifiedRotation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code clawdbot secrets}: the rotation inventory, what is due, recording a rotation and its checklist. */
@Command(name = "secrets", description = "Secret rotation: the inventory, what is due, recording rotations.",
        mixinStandardHelpOptions = true)
public final class SecretsCommand {

    /** {@code inventory} opens the inventory over the configured database; each subcommand closes it when it ends. */
    public static CommandLine commandLine(Supplier<Opened<Inventory>> inventory) {
        return commandLine(inventory, Map::of);
    }

    /** @param verifiers per secret name, the check {@code rotated NAME --verify} runs before recording */
    public static CommandLine commandLine(Supplier<Opened<Inventory>> inventory, Supplier<Map<String, SecretVerifier>> verifiers) {
        CommandLine cl = new CommandLine(new SecretsCommand());
        cl.addSubcommand("list", new Listing(inventory, false));
        cl.addSubcommand("due", new Listing(inventory, true));
        cl.addSubcommand("rotated", new Rotated(inventory, verifiers));
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
    static final class Listing implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        private final Supplier<Opened<Inventory>> inventory;
        private final boolean dueOnly;

        Listing(Supplier<Opened<Inventory>> inventory, boolean dueOnly) {
            this.inventory = inventory;
            this.dueOnly = dueOnly;
        }

        @Override
        public Integer call() {
            List<SecretStatus> all;
            try (Opened<Inventory> inv = inventory.get()) {
                all = inv.get().statuses();
            }
            List<SecretStatus> shown = dueOnly ? all.stream().filter(s -> s.state() != SecretStatus.State.OK).toList() : all;
            if (shown.isEmpty()) {
                spec.commandLine().getOut().println(dueOnly ? "no secrets due within 14 days" : "no secrets");
                spec.commandLine().getOut().flush();
                return 0;
            }
            print(spec.commandLine().getOut(), shown);
            return 0;
        }
    }

    /** Runs {@code action} on the named secret, or prints the inventory's names and returns 1. */
    private static <T> Optional<T> named(CommandLine.Model.CommandSpec spec, Inventory inv, String name, Function<String, Optional<T>> action) {
        Optional<T> found = action.apply(name);
        if (found.isEmpty()) {
            spec.commandLine().getErr().println("no secret named " + name + " in the inventory; the secrets are: " + String.join(", ", inv.names()));
            spec.commandLine().getErr().flush();
        }
        return found;
    }

    @Command(name = "rotated", mixinStandardHelpOptions = true, description = "Record that NAME was rotated now; restarts its cadence.")
    static final class Rotated implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @CommandLine.Option(names = "--verify", description = "First check the new value works (Telegram getMe, a provider's /v1/models, "
                + "an SMTP or IMAP login); record nothing and exit 2 when it does not.")
        boolean verify;
        private final Supplier<Opened<Inventory>> inventory;
        private final Supplier<Map<String, SecretVerifier>> verifiers;

        Rotated(Supplier<Opened<Inventory>> inventory, Supplier<Map<String, SecretVerifier>> verifiers) {
            this.inventory = inventory;
            this.verifiers = verifiers;
        }

        @Override
        public Integer call() {
            try (Opened<Inventory> open = inventory.get()) {
                Inventory inv = open.get();
                if (verify) return verified(spec, inv, name, verifiers.get());
                Optional<SecretStatus> s = named(spec, inv, name, inv::rotated);
                s.ifPresent(st -> {
                    spec.commandLine().getOut().println(name + ": rotated " + st.lastRotated() + ", next due " + st.due());
                    spec.commandLine().getOut().flush();
                });
                return s.isPresent() ? 0 : 1;
            }
        }
    }

    /** {@code --verify}: the verifier's verdict, then the rotation only when it passed. */
    private static int verified(CommandLine.Model.CommandSpec spec, Inventory inv, String name, Map<String, SecretVerifier> verifiers) {
        Optional<VerifiedRotation.Outcome> o = named(spec, inv, name, new VerifiedRotation(inv, verifiers)::rotate);
        if (o.isEmpty()) return 1;
        PrintWriter out = o.get().status().isPresent() ? spec.commandLine().getOut() : spec.commandLine().getErr();
        out.println(name + ": " + o.get().message());
        o.get().status().ifPresent(st -> out.println(name + ": rotated " + st.lastRotated() + ", next due " + st.due()));
        out.flush();
        return o.get().status().isPresent() ? 0 : 2;
    }

    @Command(name = "checklist", mixinStandardHelpOptions = true, description = "Show the post-rotation checklist of NAME.")
    static final class Checklist implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        private final Supplier<Opened<Inventory>> inventory;

        Checklist(Supplier<Opened<Inventory>> inventory) {
            this.inventory = inventory;
        }

        @Override
        public Integer call() {
            try (Opened<Inventory> open = inventory.get()) {
                Inventory inv = open.get();
                Optional<SecretEntry> e = named(spec, inv, name, inv::entry);
                e.ifPresent(entry -> {
                    PrintWriter out = spec.commandLine().getOut();
                    out.println(entry.name() + " (used by " + entry.usedBy() + ", owner " + entry.owner() + ", " + entry.cadence() + ")");
                    out.println(entry.checklistText());
                    out.flush();
                });
                return e.isPresent() ? 0 : 1;
            }
        }
    }
}
