package dev.clawdbot.fleet.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.fleet.FleetEvents;
import dev.clawdbot.fleet.FleetEvents;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.remote.OpResult;
import dev.clawdbot.fleet.remote.ReadOnlyOp;
import dev.clawdbot.fleet.remote.RemoteHost;
import dev.clawdbot.fleet.ssh.HostKeys;
import dev.clawdbot.fleet.ssh.PinnedHostKeys;
import dev.clawdbot.fleet.ssh.SshConnector;
import dev.clawdbot.fleet.ssh.SshEndpoint;
import dev.clawdbot.fleet.ssh.SshException;
import dev.clawdbot.fleet.ssh.SshPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code clawdbot hosts}: the managed hosts, their read-only checks, and pinning a new host's key. */
@Command(name = "hosts", description = "Managed hosts: list, check (read-only probes), pin a new host's SSH key.", mixinStandardHelpOptions = true)
public final class HostsCommand {
    /** Exit status when a host key was refused (changed, or not the fingerprint given). */
    public static final int REFUSED = 3;

    /**
     * What the subcommands use; each supplier is asked only when a subcommand needs it, and what {@code reporting}
     * opens (the event log and notifier's database) is closed when that subcommand is done with it.
     */
    public record Context(Supplier<Inventory> inventory, Supplier<Opened<Reporting>> reporting, Clock clock, Supplier<InputStream> in) {
    }

    /** Where host-key and probe events and the operator's notices go. */
    public record Reporting(EventSink events, OperatorNotifier notifier) {
    }

    public static CommandLine commandLine(Context c) {
        CommandLine cl = new CommandLine(new HostsCommand());
        cl.addSubcommand("list", new ListHosts(c));
        cl.addSubcommand("check", new Check(c));
        cl.addSubcommand("pin", new Pin(c));
        return cl;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the inventory: address, user, role, tags, jump host, pins.")
    static final class ListHosts implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        private final Context c;

        ListHosts(Context c) {
            this.c = c;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Inventory inv = c.inventory().get();
            if (inv.isEmpty()) {
                out.println("no managed hosts: add them under hosts: in clawdbot.yaml (docs/fleet.md)");
                out.flush();
                return 0;
            }
            out.printf("%-16s %-28s %-12s %-10s %-20s %-12s %s%n", "NAME", "ADDRESS", "USER", "ROLE", "TAGS", "JUMP", "PINNED KEYS");
            for (Map.Entry<String, HostSpec> e : inv.hosts().entrySet()) {
                HostSpec h = e.getValue();
                SshEndpoint ep = inv.endpoint(e.getKey());
                out.printf("%-16s %-28s %-12s %-10s %-20s %-12s %s%n", e.getKey(), h.address() + ":" + h.port(), h.user(),
                        h.role() == null ? "-" : h.role(), h.tags().isEmpty() ? "-" : String.join(",", h.tags()),
                        h.jump() == null ? "-" : h.jump(), ep.pins().size() + (h.knownHostsFile() == null ? "" : " + " + h.knownHostsFile()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Run the read-only probes (disk, inodes, load, memory, failed units, containers, journal errors, GPU, ports, updates) and print a table. Exit 1 when anything warns or fails.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME", arity = "0..*", description = "Hosts to check (default: all).")
        List<String> names = new ArrayList<>();
        @Option(names = "--only", split = ",", paramLabel = "PROBE",
                description = "Only these probes: disk, inodes, load, memory, failed-units, containers, container-stats, journal-errors, gpu, ports, updates, dangling-images, dangling-volumes, images, sshd, accounts.")
        List<String> only = new ArrayList<>();
        private final Context c;

        Check(Context c) {
            this.c = c;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Inventory inv = c.inventory().get();
            List<String> hosts = names.isEmpty() ? List.copyOf(inv.hosts().keySet()) : names;
            if (hosts.isEmpty()) {
                out.println("no managed hosts: add them under hosts: in clawdbot.yaml (docs/fleet.md)");
                out.flush();
                return 0;
            }
            for (String h : hosts) {
                if (!inv.hosts().containsKey(h)) throw new CommandLine.ParameterException(spec.commandLine(), "no host named " + h + " in hosts:");
            }
            List<ReadOnlyOp> ops = new ArrayList<>();
            for (String label : only) {
                try {
                    ops.add(ReadOnlyOp.of(ReadOnlyOp.kindOf(label)));
                } catch (IllegalArgumentException x) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--only: " + x.getMessage());
                }
            }
            if (ops.isEmpty()) ops = ReadOnlyOp.all();
            boolean clean = true;
            out.printf("%-16s %-16s %-13s %s%n", "HOST", "PROBE", "STATUS", "SUMMARY");
            try (Opened<Reporting> reporting = c.reporting().get();
                 SshPool pool = new SshPool(reporting.get().events(), reporting.get().notifier(), c.clock(), Duration.ofMinutes(1))) {
                RemoteHost remote = new RemoteHost(inv, pool);
                for (String h : hosts) {
                    for (OpResult r : remote.check(h, ops)) {
                        out.printf("%-16s %-16s %-13s %s%n", h, r.op().label(), r.status(), r.summary());
                        clean &= r.status() == OpResult.Status.OK || r.status() == OpResult.Status.NOT_AVAILABLE;
                    }
                    out.flush();
                }
            }
            return clean ? 0 : 1;
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = "Connect to NAME, show the SHA-256 fingerprint of its host key and record it in DATA/ssh/known_hosts once confirmed. A key that differs from one already pinned is refused and alerted, never replaced.")
    static final class Pin implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--yes", description = "Do not ask; needs --fingerprint, which must match exactly.")
        boolean yes;
        @Option(names = "--fingerprint", paramLabel = "SHA256:...", description = "The fingerprint you expect (ssh-keygen -lf on the host).")
        String fingerprint;
        private final Context c;

        Pin(Context c) {
            this.c = c;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (yes && fingerprint == null) throw new CommandLine.ParameterException(spec.commandLine(), "--yes needs --fingerprint SHA256:...");
            Inventory inv = c.inventory().get();
            if (!inv.hosts().containsKey(name)) throw new CommandLine.ParameterException(spec.commandLine(), "no host named " + name + " in hosts:");
            if (inv.pinStore() == null) throw new IllegalStateException("no data directory to record pins in");
            SshEndpoint e = inv.endpoint(name);
            PublicKey key;
            try {
                key = SshConnector.offeredKey(e);
            } catch (SshException x) {
                err.println(x.getMessage());
                err.flush();
                return 1;
            }
            String fp = HostKeys.fingerprint(key);
            String offered = HostKeys.type(key) + " " + fp;
            PinnedHostKeys pins = PinnedHostKeys.of(e);
            if (pins.verify(e.address(), e.port(), key)) {
                out.println("host " + name + " (" + e.where() + "): " + offered + " is already pinned");
                out.flush();
                return 0;
            }
            if (pins.hasPins()) {
                refuse(e, offered, "changed", 12, "Host " + name + " offered a CHANGED SSH host key; refused");
                err.println("REFUSED: host " + name + " (" + e.where() + ") offers " + offered + ", which is not " + pins.expectation()
                        + ". A changed key is never pinned over an old one: if the host was reinstalled, verify the new key on its console,"
                        + " remove the old entry (" + inv.pinStore().file() + " or hosts." + name + ".hostKeys) and pin again.");
                err.flush();
                return REFUSED;
            }
            out.println("host " + name + " (" + e.where() + ") offers " + offered);
            String expected;
            try {
                expected = fingerprint == null ? null : HostKeys.pin(fingerprint);
            } catch (IllegalArgumentException x) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--fingerprint: " + x.getMessage());
            }
            if (expected != null && !expected.equals(fp)) {
                refuse(e, offered, "mismatch", 10, "Host " + name + " offered a key that is not the fingerprint the operator gave");
                err.println("REFUSED: that is not " + fingerprint + "; nothing was recorded");
                err.flush();
                return REFUSED;
            }
            if (!yes) {
                out.print("Pin this key for " + name + "? Compare it with 'ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub' on the host. [y/N] ");
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(c.in().get(), StandardCharsets.UTF_8)).readLine();
                if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
                    out.println("not pinned");
                    out.flush();
                    return 1;
                }
            }
            inv.pinStore().record(name, e.address(), e.port(), key);
            try (Opened<Reporting> reporting = c.reporting().get()) {
                reporting.get().events().emit(Event.of(c.clock().instant(), FleetEvents.FLEET_SSH_HOSTKEY_PINNED, "fleet", "host", name,
                        "address", e.address(), "port", e.port(), "fingerprint", fp));
            }
            out.println("pinned " + offered + " for " + name + " in " + inv.pinStore().file());
            out.flush();
            return 0;
        }

        private void refuse(SshEndpoint e, String offered, String reason, int level, String subject) {
            var now = c.clock().instant();
            try (Opened<Reporting> reporting = c.reporting().get()) {
                reporting.get().events().emit(Event.of(now, FleetEvents.FLEET_SSH_HOSTKEY_REFUSED, level, "fleet", "host", name,
                        "address", e.address(), "port", e.port(), "offered", offered, "reason", reason));
                reporting.get().notifier().notify(new OperatorNotice("fleet.ssh", "fleet.ssh.hostkey:" + name + ":" + offered, level, subject,
                        "clawdbot hosts pin " + name + ": " + e.where() + " offered " + offered, now));
            }
        }
    }
}
