package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.app.http.ApiTokenStore;
import dev.clawdbot.app.http.Principal;
import dev.clawdbot.app.http.Scope;
import dev.clawdbot.core.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clawdbot tokens}: the token is printed once, stored hashed, listed without it, and revocable. */
class TokensCommandTest {
    @TempDir
    Path dir;

    private CliTest.Result run(String... args) {
        CliTest cli = new CliTest();
        cli.dir = dir;
        return cli.run(cli.env(), args);
    }

    @Test
    void createListRevoke() throws Exception {
        CliTest.Result created = run("tokens", "create", "alice", "--scope", "chat,metrics");
        assertThat(created.code()).as(created.err()).isZero();
        String secret = created.out().strip();
        assertThat(secret).startsWith("cbt_");
        assertThat(created.err()).contains("only time");

        try (Database db = Database.sqlite(dir.resolve("data").resolve("clawdbot.db"))) {
            assertThat(new ApiTokenStore(db, Clock.systemUTC()).authenticate(secret)).get()
                    .extracting(Principal::name, Principal::scopes).containsExactly("alice", Set.of(Scope.CHAT, Scope.METRICS));
        }
        assertThat(Files.readString(dir.resolve("data").resolve("clawdbot.db"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);

        CliTest.Result list = run("tokens", "list");
        assertThat(list.out()).contains("alice").contains("chat,metrics").contains("active").doesNotContain(secret);

        assertThat(run("tokens", "revoke", "alice").out()).contains("Revoked 1 token.");
        assertThat(run("tokens", "list").out()).contains("revoked");
        assertThat(run("tokens", "revoke", "alice").code()).isEqualTo(1);
        try (Database db = Database.sqlite(dir.resolve("data").resolve("clawdbot.db"))) {
            assertThat(new ApiTokenStore(db, Clock.systemUTC()).authenticate(secret)).isEmpty();
        }
    }

    @Test
    void badPrincipalOrScopeIsAUsageError() {
        assertThat(run("tokens", "create", "Alice/ops").code()).isEqualTo(2);
        CliTest.Result r = run("tokens", "create", "bob", "--scope", "root");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown scope 'root'");
    }
}
