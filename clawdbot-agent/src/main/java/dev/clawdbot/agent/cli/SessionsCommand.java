package dev.clawdbot.agent.cli;

import dev.clawdbot.agent.QuarantinedTurns;
import dev.clawdbot.agent.SessionInfo;
import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.agent.SessionTranscripts;
import dev.clawdbot.agent.WithheldContent;
import dev.clawdbot.core.Opened;
import dev.clawdbot.agent.doctor.TranscriptDefect;
import dev.clawdbot.core.Diagnostic;
import dev.clawdbot.agent.doctor.Report;
import dev.clawdbot.agent.doctor.SessionDoctor;
import dev.clawdbot.core.storage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code clawdbot sessions list|export|import|doctor|withheld|quarantined}. Build it with {@link #commandLine()} and add that to the root
 * command. Exit codes: 0 ok, 1 failure (or problems found by doctor), 2 usage error.
 */
@Command(name = "sessions", description = "List, export, import and check conversation sessions.", mixinStandardHelpOptions = true)
public final class SessionsCommand implements Callable<Integer> {

    private final Supplier<Opened<SessionStore>> store;
    private final Clock clock;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param store opens the session store on demand, so {@code doctor PATH} works without a database; each subcommand
     *              closes what it opened when it ends
     */
    public SessionsCommand(Supplier<Opened<SessionStore>> store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** This command with its subcommands, ready to add to the root: {@code root.addSubcommand(cmd.commandLine())}. */
    public CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        cl.addSubcommand(new ListCmd());
        cl.addSubcommand(new ExportCmd());
        cl.addSubcommand(new ImportCmd());
        cl.addSubcommand(new DoctorCmd());
        cl.addSubcommand(new QuarantinedCmd());
        cl.addSubcommand(new WithheldCmd());
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    private static int fail(CommandLine.Model.CommandSpec spec, String message) {
        spec.commandLine().getErr().println("error: " + message);
        return 1;
    }

    @Command(name = "list", description = "List sessions: key, id, turns, tokens, last update.", mixinStandardHelpOptions = true)
    final class ListCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--all", description = "Include archived sessions (after /new or /reset).")
        boolean all;

        @Override
        public Integer call() {
            try (Opened<SessionStore> open = store.get()) {
                SessionStore s = open.get();
                PrintWriter out = spec.commandLine().getOut();
                List<SessionInfo> sessions = s.list(all);
                if (sessions.isEmpty()) {
                    out.println(all ? "no sessions" : "no sessions (--all includes archived ones)");
                    out.flush();
                    return 0;
                }
                out.printf("%-40s %6s %6s %10s %10s  %-24s %s%n", "KEY", "ID", "TURNS", "IN", "OUT", "UPDATED", "ARCHIVED");
                for (SessionInfo i : sessions) {
                    out.printf("%-40s %6d %6d %10d %10d  %-24s %s%n", i.key(), i.id(), s.turnCount(i.id()), i.inputTokens(),
                            i.outputTokens(), i.updatedAt(), i.archivedAt() == null ? "-" : i.archivedAt().toString());
                }
                out.flush();
                return 0;
            } catch (StorageException e) {
                return fail(spec, e.getMessage());
            }
        }
    }

    @Command(name = "withheld", description = "List external content the guard withheld from the model (newest first), or print one"
            + " by its id.", mixinStandardHelpOptions = true)
    final class WithheldCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "ID", description = "Print this item's header and content.")
        String id;

        @Option(names = "--limit", defaultValue = "50", description = "Items listed (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            try (Opened<SessionStore> open = store.get()) {
                WithheldContent w = open.get().withheld();
                PrintWriter out = spec.commandLine().getOut();
                if (id == null) {
                    List<WithheldContent.Item> items = w.recent(Math.max(1, limit));
                    if (items.isEmpty()) out.println("no withheld content");
                    else out.printf("%-16s  %-24s %-12s %-9s %-20s %8s  %s%n", "ID", "AT", "TOOL", "SOURCE", "SCANNERS", "CHARS", "SESSION");
                    for (WithheldContent.Item i : items) {
                        out.printf("%-16s  %-24s %-12s %-9s %-20s %8d  %s%n", i.id(), i.at(), i.tool(), i.source(), i.scanners(),
                                i.content().length(), i.session());
                    }
                } else {
                    WithheldContent.Item i = w.find(id.strip()).orElse(null);
                    if (i == null) return fail(spec, "no withheld content has id '" + id + "'");
                    out.println("id: " + i.id());
                    out.println("at: " + i.at());
                    out.println("agent: " + i.agent());
                    out.println("session: " + i.session());
                    out.println("tool: " + i.tool() + " (source " + i.source() + ")");
                    out.println("scanners: " + i.scanners());
                    out.println();
                    out.println(i.content());
                }
                out.flush();
                return 0;
            } catch (StorageException e) {
                return fail(spec, e.getMessage());
            }
        }
    }

    @Command(name = "export", description = "Write sessions and their turns as JSONL (all sessions, archived ones included, unless --session).",
            mixinStandardHelpOptions = true)
    final class ExportCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--session", paramLabel = "KEY", description = "Only the sessions stored under this key (agent:channel:peer).")
        String key;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically) instead of standard output.")
        Path out;

        @Override
        public Integer call() {
            try (Opened<SessionStore> open = store.get()) {
                SessionStore s = open.get();
                List<SessionInfo> sessions = key == null ? s.list(true) : s.history(key);
                if (key != null && sessions.isEmpty()) return fail(spec, "no session is stored under key '" + key + "'");
                int turns;
                if (out == null) {
                    turns = SessionTranscripts.export(s, sessions, spec.commandLine().getOut());
                } else {
                    turns = exportToFile(s, sessions, out);
                    spec.commandLine().getErr().println("exported " + sessions.size() + " session(s), " + turns + " turn(s) to " + out);
                }
                return 0;
            } catch (IOException e) {
                return fail(spec, "cannot write " + out + ": " + e.getMessage());
            } catch (StorageException e) {
                return fail(spec, e.getMessage());
            }
        }

        private int exportToFile(SessionStore s, List<SessionInfo> sessions, Path file) throws IOException {
            Path abs = file.toAbsolutePath();
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            int turns;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 Writer w = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8)) {
                turns = SessionTranscripts.export(s, sessions, w);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return turns;
        }
    }

    @Command(name = "import", description = "Import sessions from a JSONL export. Nothing is imported if any line is invalid; "
            + "a session whose key is active here is imported archived.", mixinStandardHelpOptions = true)
    final class ImportCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            List<SessionTranscripts.Imported> parsed;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                parsed = SessionTranscripts.parse(r);
            } catch (NoSuchFileException e) {
                return fail(spec, "no such file: " + file);
            } catch (IOException e) {
                return fail(spec, "cannot read " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                return fail(spec, file + ": " + e.getMessage() + " (nothing imported; `clawdbot sessions doctor " + file + " --fix` may repair it)");
            }
            try (Opened<SessionStore> open = store.get()) {
                SessionStore s = open.get();
                int turns = 0;
                for (SessionTranscripts.Imported i : parsed) {
                    s.importSession(i.session(), i.turns());
                    turns += i.turns().size();
                }
                spec.commandLine().getOut().println("imported " + parsed.size() + " session(s), " + turns + " turn(s) from " + file);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (StorageException | IllegalArgumentException e) {
                return fail(spec, e.getMessage());
            }
        }
    }

    @Command(name = "doctor", description = "Check stored sessions, or the JSONL transcripts at PATH (Clawdbot exports, OpenClaw and "
            + "Claude Code sessions), for corruption. Exit 0 when nothing was found, 1 when something was.", mixinStandardHelpOptions = true)
    final class DoctorCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "0..1", description = "A .jsonl file or a directory searched for them; omit to check the database.")
        Path path;

        @Option(names = "--fix", description = "Repair: files are backed up, then an invalid tail is cut or bad records go to FILE.quarantine; "
                + "stored turns that will not replay are copied to the quarantine table and removed (see `sessions quarantined`).")
        boolean fix;

        @Option(names = "--active-seconds", paramLabel = "N", defaultValue = "60",
                description = "Skip files modified within the last N seconds (default: ${DEFAULT-VALUE}).")
        long activeSeconds;

        @Override
        public Integer call() {
            if (activeSeconds < 0) {
                spec.commandLine().getErr().println("error: --active-seconds must be >= 0, was " + activeSeconds);
                return 2;
            }
            SessionDoctor doctor = new SessionDoctor(clock, Duration.ofSeconds(activeSeconds));
            Report report;
            try {
                if (path == null) {
                    try (Opened<SessionStore> open = store.get()) {
                        report = fix ? repairStore(doctor, open.get()) : doctor.checkStore(open.get());
                    }
                } else {
                    report = doctor.checkPath(path, fix);
                }
            } catch (IOException e) {
                return fail(spec, e.getMessage());
            } catch (StorageException e) {
                return fail(spec, e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            for (TranscriptDefect f : report.findings()) {
                Diagnostic d = f.diagnostic();
                out.println(d.subject() + ": " + d.detail());
            }
            for (String a : report.actions()) out.println("fixed: " + a);
            for (String s : report.skipped()) out.println("skipped: " + s);
            out.println(report.clean() ? "no problems found" : report.findings().size() + " problem(s) found"
                    + (fix ? "" : (report.findings().isEmpty() ? "" : "; run with --fix to repair torn tails and bad records (a backup is made first)")));
            out.flush();
            return report.clean() ? 0 : 1;
        }

        /** What was repaired, then what is left (sessions still active are only reported). */
        private static Report repairStore(SessionDoctor doctor, SessionStore s) {
            List<TranscriptDefect> found = new java.util.ArrayList<>();
            List<String> actions = new java.util.ArrayList<>();
            for (Report r : doctor.repairStore(s).values()) {
                found.addAll(r.findings());
                actions.addAll(r.actions());
            }
            found.addAll(doctor.checkStore(s).findings());
            return new Report(found, actions, List.of());
        }
    }

    @Command(name = "quarantined", description = "List the stored turns `sessions doctor --fix` and the watchdog took out of replay, newest first.",
            mixinStandardHelpOptions = true)
    final class QuarantinedCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N turns (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            try (Opened<SessionStore> open = store.get()) {
                PrintWriter out = spec.commandLine().getOut();
                List<QuarantinedTurns.Turn> turns = open.get().quarantined().list(Math.max(1, limit));
                if (turns.isEmpty()) out.println("no quarantined turns");
                for (QuarantinedTurns.Turn t : turns) {
                    out.println("#" + t.id() + " " + t.quarantinedAt() + " db:" + t.sessionKey() + "#" + t.sessionId() + " turn " + t.seq()
                            + " (" + t.messages() + " message(s)): " + t.reason());
                }
                out.flush();
                return 0;
            } catch (StorageException e) {
                return fail(spec, e.getMessage());
            }
        }
    }
}
