package dev.clawdbot.broker.cli;

import dev.clawdbot.broker.Decision;
import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.render.ApprovalText;
import dev.clawdbot.broker.render.CurrentFiles;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.broker.request.RequestCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code clawdbot request submit|list|show|approve|deny|cancel}: the operator's command line to the broker. */
@Command(name = "request", mixinStandardHelpOptions = true, description = "Host-change requests and their approval.")
public final class RequestCommand {

    @Spec
    CommandSpec spec;

    private final Supplier<RequestBroker> broker;
    private final Supplier<InputStream> stdin;
    private final String actor;

    /** {@code actor} is who the command line acts as, e.g. {@code cli:root} from the OS user. */
    public RequestCommand(Supplier<RequestBroker> broker, Supplier<InputStream> stdin, String actor) {
        this.broker = broker;
        this.stdin = stdin;
        this.actor = actor;
    }

    @Command(name = "submit", description = "File a request (JSON) into the spool.")
    int submit(@Parameters(paramLabel = "FILE", description = "request JSON, or - for stdin") String file) {
        byte[] json;
        try {
            json = file.equals("-") ? readAll() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            return err(2, "request submit: cannot read " + file + ": " + e.getMessage());
        }
        HostChangeRequest r;
        try {
            r = RequestCodec.parse(json);
        } catch (IllegalArgumentException e) {
            return err(2, "request submit: " + e.getMessage());
        }
        try {
            out().println(broker.get().submit(r));
            return 0;
        } catch (IOException e) {
            return err(1, "request submit: cannot write to the spool: " + e.getMessage());
        }
    }

    @Command(name = "list", description = "List requests.")
    int list(@Option(names = "--state", description = "only this state") String state) {
        RequestState filter;
        try {
            filter = state == null ? null : RequestState.fromWire(state);
        } catch (IllegalArgumentException e) {
            return err(2, "request list: unknown state '" + state + "'");
        }
        for (RequestView r : broker.get().list()) {
            if (filter != null && r.state() != filter) continue;
            out().printf("%s  %-17s %-6s %-12s %s%n", r.id(), r.state().wire(), r.risk() == null ? "-" : r.risk(),
                    UntrustedText.inline(r.request().requester()), UntrustedText.inline(r.request().summary()));
        }
        return 0;
    }

    @Command(name = "show", description = "Show a request, its exact actions (content in full, or a diff against the current file when long), hash and history.")
    int show(@Parameters(paramLabel = "ID") String id,
             @Option(names = "--transcripts", description = "also print the admin agent transcripts") boolean transcripts,
             @Option(names = "--full", description = "print long content in full even when a diff is shown") boolean full) {
        Optional<RequestView> found = broker.get().find(id);
        if (found.isEmpty()) {
            Optional<String> run = broker.get().runTranscript(id);
            if (run.isEmpty()) return err(1, "request show: no request or admin run " + id);
            out().println(run.get());
            return 0;
        }
        RequestView r = found.get();
        PrintWriter o = out();
        o.println("id:        " + r.id() + " (" + r.token() + ")");
        o.println("state:     " + r.state().wire());
        o.println("requester: " + UntrustedText.inline(r.request().requester()) + ", urgency " + r.request().urgency().name().toLowerCase(java.util.Locale.ROOT));
        o.println("summary:   " + UntrustedText.inline(r.request().summary()));
        o.println("rationale:");
        for (String l : ApprovalText.quote(r.request().rationale())) o.println(l);
        o.println("actions:");
        for (String l : ApprovalText.actionLines(ApprovalText.blocks(r.actions(), CurrentFiles.LOCAL),
                full ? ApprovalText.Long.FULL : ApprovalText.Long.DIFF_OR_FULL)) o.println("  " + l);
        o.println("hash:      " + r.actionHash());
        o.println("risk:      " + (r.risk() == null ? "-" : r.risk()));
        if (r.assessment() != null) {
            o.println("assessment:");
            for (String l : ApprovalText.quote(r.assessment())) o.println(l);
        }
        o.println("expires:   " + r.expiresAt());
        if (RequestState.OPEN_FOR_OPERATOR.contains(r.state())) o.println("page code: " + broker.get().pageCode(r.id()) + " (the approve link's page asks for it)");
        if (r.approvedBy() != null) o.println("approved:  by " + r.approvedBy());
        if (r.result() != null) {
            o.println("result:");
            for (String l : ApprovalText.quote(r.result().strip())) o.println(l);
        }
        o.println("history:");
        for (String h : broker.get().history(r.id())) o.println("  " + UntrustedText.inline(h));
        List<String> ts = broker.get().transcripts(r.id());
        o.println("transcripts: " + ts.size() + (transcripts || ts.isEmpty() ? "" : " (--transcripts to print)"));
        if (transcripts) for (String t : ts) o.println(t);
        return 0;
    }

    @Command(name = "runs", description = "List the latest admin-agent runs that served no request (show one with request show RUN_ID).")
    int runs(@Option(names = "--limit", defaultValue = "20", description = "how many, newest first (default 20)") int limit) {
        if (limit < 1 || limit > 1000) return err(2, "request runs: --limit must be 1..1000, was " + limit);
        for (String r : broker.get().unattachedRuns(limit)) out().println(r);
        return 0;
    }

    @Command(name = "approve", description = "Approve exactly the actions with this hash (see request show).")
    int approve(@Parameters(paramLabel = "ID") String id,
                @Option(names = "--hash", required = true, description = "the actions hash or its first 8+ hex digits") String hash) {
        return decision("approve", broker.get().approve(id, actor, hash));
    }

    @Command(name = "deny", description = "Deny a request.")
    int deny(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason") String reason) {
        return decision("deny", broker.get().deny(id, actor, reason));
    }

    @Command(name = "cancel", description = "Cancel a request that has not started executing.")
    int cancel(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason") String reason) {
        return decision("cancel", broker.get().cancel(id, actor, reason));
    }

    private int decision(String what, Decision d) {
        if (d.accepted()) {
            out().println(d.message());
            return 0;
        }
        return err(1, "request " + what + ": " + d.message());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private int err(int code, String message) {
        spec.commandLine().getErr().println(message);
        return code;
    }

    private byte[] readAll() throws IOException {
        try (InputStream in = stdin.get()) {
            return in.readAllBytes();
        }
    }
}
