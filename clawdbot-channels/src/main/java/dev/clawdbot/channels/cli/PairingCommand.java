package dev.clawdbot.channels.cli;

import dev.clawdbot.channels.telegram.PairingStore;
import dev.clawdbot.core.Opened;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code clawdbot pairing list | approve CODE | revoke USER_ID}: the operator's side of Telegram pairing. */
@Command(name = "pairing", description = "Approve Telegram users who asked to pair with the bot, or revoke them.",
        subcommands = {PairingCommand.ListCmd.class, PairingCommand.Approve.class, PairingCommand.Revoke.class}, mixinStandardHelpOptions = true)
public final class PairingCommand implements Callable<Integer> {
    private final Supplier<Opened<PairingStore>> store;

    @Spec
    CommandSpec spec;

    /** {@code store} opens the pairing store for one subcommand, which closes it (database pool, event log) when it ends. */
    public PairingCommand(Supplier<Opened<PairingStore>> store) {
        this.store = store;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    Opened<PairingStore> store() {
        return store.get();
    }

    @Command(name = "list", description = "Show pending pairing codes.")
    static final class ListCmd implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        PairingCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Opened<PairingStore> store = parent.store()) {
                var pending = store.get().pending();
                if (pending.isEmpty()) out.println("No pending pairing requests.");
                for (var p : pending) {
                    out.printf("%s  user %d  %s  expires %s%n", p.code(), p.userId(), dev.clawdbot.core.text.PlainText.replaceControls(p.displayName(), '?'), p.expiresAt());
                }
                var approved = store.get().approvedList();
                if (!approved.isEmpty()) out.println("Approved by pairing (revoke with: clawdbot pairing revoke USER_ID):");
                for (String a : approved) out.println("  " + a);
                out.flush();
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("pairing list failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "approve", description = "Approve a pairing code: its sender may talk to the bot.")
    static final class Approve implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        PairingCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CODE", description = "The code the bot gave the user.")
        String code;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Opened<PairingStore> store = parent.store()) {
                return switch (store.get().approve(code, "cli")) {
                    case PairingStore.Approval.Approved a -> {
                        out.printf("Approved Telegram user %d (%s).%n", a.request().userId(), dev.clawdbot.core.text.PlainText.replaceControls(a.request().displayName(), '?'));
                        out.flush();
                        yield 0;
                    }
                    case PairingStore.Approval.Unknown u -> {
                        err.println("No pending pairing request has code " + u.code() + ". Run 'clawdbot pairing list' to see them.");
                        yield 1;
                    }
                    case PairingStore.Approval.Expired x -> {
                        err.println("Pairing code " + x.code() + " has expired (codes live one hour); ask the user to message the bot again.");
                        yield 1;
                    }
                };
            } catch (RuntimeException e) {
                err.println("pairing approve failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "revoke", description = "Revoke a user approved by pairing: the bot stops answering them at once.")
    static final class Revoke implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        PairingCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "USER_ID", description = "The Telegram user id (see pairing list).")
        long userId;

        @Override
        public Integer call() {
            try (Opened<PairingStore> store = parent.store()) {
                int n = store.get().revoke(userId, "cli");
                if (n == 0) {
                    spec.commandLine().getErr().println("Telegram user " + userId + " was not approved by pairing (users in telegram.allowFrom are removed in the config).");
                    return 1;
                }
                spec.commandLine().getOut().println("Revoked Telegram user " + userId + ".");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("pairing revoke failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
