package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each action goes to the executor its type and host call for, and nowhere else. */
class ActionDispatcherTest {

    @TempDir
    Path dir;
    final List<String> calls = new ArrayList<>();

    ActionExecutor named(String name) {
        return (a, k) -> {
            calls.add(name + ":" + k);
            return new ActionExecutor.Result(0, name);
        };
    }

    ActionDispatcher dispatcher(Path socket, boolean mail) {
        return new ActionDispatcher(named("local"), named("engine"), socket, mail ? named("mail") : null, Map.of("web1", named("ssh-web1")));
    }

    @Test
    void routesByTypeAndHost() throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"));
        ActionDispatcher d = dispatcher(socket, true);
        d.execute(ProposedAction.command("uptime"), "k1");
        d.execute(new ProposedAction.Command("web1", List.of("uptime")), "k2");
        d.execute(new ProposedAction.Container("web1", "web", ProposedAction.Container.Operation.RESTART), "k3");
        d.execute(new ProposedAction.Container(null, "web", ProposedAction.Container.Operation.RESTART), "k4");
        d.execute(new ProposedAction.File(null, "/srv/x", ProposedAction.File.Operation.WRITE, "y", null), "k5");
        d.execute(ProposedAction.mail(List.of("a@example.org"), null, "s", "b"), "k6");
        assertThat(calls).containsExactly("local:k1", "ssh-web1:k2", "ssh-web1:k3", "engine:k4", "local:k5", "mail:k6");
    }

    @Test
    void withoutASocketContainersUseTheCli() throws Exception {
        dispatcher(dir.resolve("absent.sock"), true).execute(new ProposedAction.Container(null, "web", ProposedAction.Container.Operation.START), "k");
        assertThat(calls).containsExactly("local:k");
    }

    @Test
    void unknownHostsAndMissingSmtpRunNothing() throws Exception {
        ActionDispatcher d = dispatcher(dir.resolve("absent.sock"), false);
        ActionExecutor.Result r = d.execute(new ProposedAction.Command("db9", List.of("uptime")), "k");
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).isEqualTo("unknown host db9: it is not listed under broker.hosts; nothing was executed");
        ActionExecutor.Result m = d.execute(ProposedAction.mail(List.of("a@example.org"), null, "s", "b"), "k");
        assertThat(m.output()).contains("no SMTP server for mail actions");
        assertThat(calls).isEmpty();
    }
}
