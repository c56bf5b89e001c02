package dev.clawdbot.siem.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.response.ActiveResponse;
import dev.clawdbot.siem.response.BlockStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code clawdbot siem blocks list|unblock TARGET}: the active-response blocks, locks and stops in force, and lifting one by hand. */
@Command(name = "blocks", description = "List active-response blocks, or lift one.", mixinStandardHelpOptions = true,
        subcommands = {SiemBlocksCommand.List.class, SiemBlocksCommand.Unblock.class})
final class SiemBlocksCommand implements Runnable {

    @CommandLine.ParentCommand
    SiemCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: list or unblock");
    }

    @Command(name = "list", description = "Active blocks, soonest to expire first: address, expiry, time left, offence, rule, mode.",
            mixinStandardHelpOptions = true)
    static final class List implements Callable<Integer> {

        @CommandLine.ParentCommand
        SiemBlocksCommand blocks;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Instant now = blocks.parent.clock().instant();
            java.util.List<BlockStore.Block> active;
            try (Opened<AlertStore> store = blocks.parent.store()) {
                active = new BlockStore(store.get().database()).active().stream().filter(b -> b.expires().isAfter(now)).toList();
            }
            if (active.isEmpty()) out.println("no active blocks");
            for (BlockStore.Block b : active) {
                long left = Duration.between(now, b.expires()).toSeconds();
                out.printf("%s\texpires %s (%ds)\toffence %d\trule %d\t%s%n", b.address(), b.expires(), left, b.offences(), b.ruleId(),
                        b.dryRun() ? "dry-run" : "enforced");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "unblock", description = {"Lift an active hold now: an address's block (removed from the nftables set or "
            + "iptables chain), a user's lock (user:NAME, usermod -U) or a container's stop (container:NAME, started again).",
            "Exit code 1 when it holds nothing or undoing failed (the hold stays), 2 when TARGET is none of the three forms."},
            mixinStandardHelpOptions = true)
    static final class Unblock implements Callable<Integer> {

        @CommandLine.ParentCommand
        SiemBlocksCommand blocks;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TARGET", description = "A blocked IPv4 or IPv6 address, user:NAME or container:NAME.")
        String address;

        @Override
        public Integer call() {
            boolean lifted;
            try (Opened<ActiveResponse> response = blocks.parent.response()) {
                lifted = response.get().unblock(address, "operator");
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("siem blocks unblock: " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("siem blocks unblock: cannot lift " + address + " (it stays recorded): " + e.getMessage());
                return 1;
            }
            if (!lifted) {
                spec.commandLine().getErr().println("siem blocks unblock: " + address + " is not blocked");
                return 1;
            }
            spec.commandLine().getOut().println("unblocked " + address);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
