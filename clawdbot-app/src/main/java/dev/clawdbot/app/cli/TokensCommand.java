package dev.clawdbot.app.cli;

import dev.clawdbot.app.http.ApiTokenStore;
import dev.clawdbot.app.http.Principal;
import dev.clawdbot.app.http.Scope;
import dev.clawdbot.core.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code clawdbot tokens create|list|revoke}: per-user API tokens for the HTTP API and web chat (docs/tokens.md).
 * A token is printed once, at creation; the database keeps only its hash.
 */
@Command(name = "tokens", description = "Create, list and revoke per-user API tokens.", mixinStandardHelpOptions = true)
public final class TokensCommand implements Callable<Integer> {
    private final Supplier<Database> database;
    private final Clock clock;

    @Spec
    CommandSpec spec;

    /** @param database opens the gateway's database; each subcommand closes it when done */
    public TokensCommand(Supplier<Database> database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    private <T> T withStore(Function<ApiTokenStore, T> work) {
        try (Database db = database.get()) {
            return work.apply(new ApiTokenStore(db, clock));
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "create", description = "Create a token for one principal; it is shown once.")
    int create(@Parameters(index = "0", paramLabel = "PRINCIPAL",
                       description = "Who the token is for (a-z 0-9 . _ -): policy sees http:PRINCIPAL and web:PRINCIPAL.") String principal,
               @Option(names = "--scope", split = ",", paramLabel = "SCOPE",
                       description = "chat, metrics, guard, monitors (repeatable or comma-separated; default: chat).") List<String> scopes) {
        Set<Scope> wanted = EnumSet.noneOf(Scope.class);
        try {
            if (scopes == null || scopes.isEmpty()) wanted.add(Scope.CHAT);
            else for (String s : scopes) wanted.add(Scope.parse(s.strip()));
            Principal.validName(principal);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("clawdbot tokens create: " + e.getMessage());
            return 2;
        }
        ApiTokenStore.Created t = withStore(s -> s.create(principal, wanted));
        PrintWriter out = spec.commandLine().getOut();
        out.println(t.secret());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("Created " + t.entry().id() + " for " + principal + " (scopes " + String.join(",", wire(t.entry().scopes()))
                + "). This is the only time the token is shown; store it now.");
        err.flush();
        return 0;
    }

    @Command(name = "list", description = "List tokens (never their secrets).")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        List<ApiTokenStore.Entry> all = withStore(ApiTokenStore::list);
        if (all.isEmpty()) out.println("No API tokens. Create one with: clawdbot tokens create PRINCIPAL");
        for (ApiTokenStore.Entry e : all) {
            out.printf("%s  %-20s  %-20s  created %s  %s%n", e.id(), e.principal(), String.join(",", wire(e.scopes())),
                    e.createdAt(), e.active() ? "active" : "revoked " + e.revokedAt());
        }
        out.flush();
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a token by id, or every token of a principal.")
    int revoke(@Parameters(index = "0", paramLabel = "ID|PRINCIPAL") String target) {
        int n = withStore(s -> s.revoke(target));
        if (n == 0) {
            spec.commandLine().getErr().println("clawdbot tokens revoke: no active token with id or principal '" + target + "'");
            return 1;
        }
        spec.commandLine().getOut().println("Revoked " + n + " token" + (n == 1 ? "" : "s") + ".");
        return 0;
    }

    private static List<String> wire(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wire).toList();
    }
}
