package dev.clawdbot.app;

import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.agent.cli.SessionsCommand;
import dev.clawdbot.core.DataDir;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.guard.cli.GuardCommand;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxDiagnostics;
import dev.clawdbot.sandbox.cli.SandboxCommand;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/**
 * The subcommands and doctor checks that feature modules contribute. One-shot commands open what they need
 * lazily (the database only when a subcommand touches it) and record no events unless they change state.
 */
final class ModuleCommands {
    private ModuleCommands() {
    }

    static void register(CommandLine root, Main main) {
        root.addSubcommand("sessions", new SessionsCommand(() -> new SessionStore(database(main), main.clock()), main.clock()).commandLine());
        root.addSubcommand("guard", new CommandLine(new GuardCommand(() -> main.settings().config().guard(), EventSink.NONE, main.clock(), System.in)));
        SandboxCommand sandbox = new SandboxCommand(() -> Components.openSandbox(main.settings(), EventSink.NONE, main.clock()));
        root.addSubcommand("sandbox", new CommandLine(sandbox, sandbox.factory()));
    }

    private static Database database(Main main) {
        Settings s = main.settings();
        return Server.openDatabase(s, DataDir.open(s.dataDir()).path());
    }

    static List<DoctorCommand.Finding> doctorFindings(Settings settings) {
        List<DoctorCommand.Finding> out = new ArrayList<>();
        try (Sandbox sandbox = Components.openSandbox(settings, EventSink.NONE, java.time.Clock.systemUTC())) {
            SandboxDiagnostics d = sandbox.diagnostics();
            if (d.problems().isEmpty()) {
                out.add(DoctorCommand.Finding.ok("sandbox", d.backend() + " (" + d.reason() + "); limits: " + d.limits()));
            }
            for (SandboxDiagnostics.Problem p : d.problems()) {
                String detail = d.backend() + ": " + p.message();
                out.add("error".equals(p.severity()) ? DoctorCommand.Finding.fail("sandbox", detail, p.fix())
                        : DoctorCommand.Finding.warn("sandbox", detail, p.fix()));
            }
        } catch (RuntimeException e) {
            out.add(DoctorCommand.Finding.fail("sandbox", e.getMessage(), "see docs/sandbox.md"));
        }
        return out;
    }
}
