package dev.clawdbot.app;

import dev.clawdbot.core.Diagnostic;
import dev.clawdbot.core.DataDir;
import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.LocalModelDetector;
import dev.clawdbot.llm.ModelsDoctor;
import dev.clawdbot.llm.ProviderEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot doctor}: checks what the gateway needs and prints each problem with its fix. Exit 0 when
 * nothing failed (warnings allowed), 1 when something did, 2 when the configuration itself is broken.
 */
@Command(name = "doctor", description = "Check configuration, data directory, database, model providers, sandbox and JDK; print fixes.")
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Main main;

    DoctorCommand(Main main) {
        this.main = main;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Diagnostic> findings = new ArrayList<>();
        int feature = Runtime.version().feature();
        findings.add(feature >= 21 ? Diagnostic.ok("jdk", "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")")
                : Diagnostic.error("jdk", "Java " + feature + " is too old", "install JDK 21 or newer and point JAVA_HOME at it"));

        Settings settings;
        try {
            settings = main.settings();
            findings.add(Diagnostic.ok("config", settings.configFile().map(f -> "loaded " + f).orElse("no file; defaults + environment")));
            settings.warnings().forEach(w -> findings.add(Diagnostic.warning("config", w, "see docs/configuration.md")));
        } catch (ConfigException e) {
            findings.add(Diagnostic.error("config", e.getMessage(), "fix the file or variable named above (docs/configuration.md lists every key)"));
            print(out, findings);
            return 2;
        }

        DataDir dataDir = null;
        try {
            dataDir = DataDir.open(settings.dataDir());
            List<String> problems = dataDir.permissionProblems();
            if (problems.isEmpty()) findings.add(Diagnostic.ok("data dir", settings.dataDir() + " (private)"));
            problems.forEach(p -> findings.add(Diagnostic.warning("data dir", p, "chmod as shown, so other local users cannot read sessions or the token")));
        } catch (RuntimeException e) {
            findings.add(Diagnostic.error("data dir", settings.dataDir() + ": " + e.getMessage(),
                    "create it writable by this user, or set CLAWDBOT_DATA / --data to a directory that is"));
        }

        if (dataDir != null) {
            try (Database db = Server.openDatabase(settings, dataDir.path())) {
                findings.add(db.ping() ? Diagnostic.ok("database", db.dialect().name().toLowerCase(java.util.Locale.ROOT) + ", schema up to date")
                        : Diagnostic.error("database", "opened but does not answer", "check the database server and database.url"));
            } catch (RuntimeException e) {
                findings.add(Diagnostic.error("database", e.getMessage(), "check database.url, credentials and that the server is up"));
            }
        }

        String notify = OperatorNotifications.describe(settings.config());
        findings.add(notify != null ? Diagnostic.ok("operator", notify)
                : Diagnostic.warning("operator", "no operator channel is configured: alerts (level " + settings.config().operator().level()
                        + " and above) are stored and logged only", "set operator.email, or adminBot.botToken and adminBot.allowFrom (docs/notify.md)"));
        for (Diagnostic f : ModelsDoctor.check(settings.config().models(), ProviderEnvironment.defaults(), LocalModelDetector.defaults())) {
            findings.add(f.ok() ? Diagnostic.ok("model", f.subject() + ": " + f.detail())
                    : Diagnostic.error("model", f.subject() + ": " + f.detail(), f.fix()));
        }
        findings.addAll(ModuleCommands.doctorFindings(settings));
        print(out, findings);
        return findings.stream().anyMatch(Diagnostic::isError) ? 1 : 0;
    }

    private static void print(PrintWriter out, List<Diagnostic> findings) {
        for (Diagnostic f : findings) {
            String tag = switch (f.severity()) {
                case OK -> "[ok]  ";
                case WARNING -> "[warn]";
                case ERROR -> "[FAIL]";
            };
            // Findings quote driver errors, paths and URLs; any secret in them is masked like in the log.
            SecretRedactor r = SecretRedactor.global();
            out.println(r.redact(tag + " " + f.subject() + ": " + f.detail()));
            if (f.fix() != null) out.println(r.redact("       fix: " + f.fix()));
        }
        long failed = findings.stream().filter(Diagnostic::isError).count();
        out.println(failed == 0 ? "No problems found." : failed + " problem(s) found.");
        out.flush();
    }
}
