package dev.clawdbot.broker.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Local container actions through the Docker Engine API: {@code POST /containers/{id}/start|stop|restart} and
 * {@code POST /images/create?fromImage=NAME&tag=latest} for pull. 204 is done, 304 is "already so" (also done);
 * anything else is a failure carrying the Engine's {@code message}. A pull answers 200 and reports failure
 * inside its progress stream, so its last line is checked for {@code error}.
 */
final class EngineContainerExecutor implements ActionExecutor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerEngineClient engine;

    EngineContainerExecutor(DockerEngineClient engine) {
        this.engine = engine;
    }

    @Override
    public Result execute(ProposedAction action, String idempotencyKey) {
        if (!(action instanceof ProposedAction.Container a)) return new Result(-1, "the Docker Engine executor only performs container actions");
        String name = URLEncoder.encode(a.container(), StandardCharsets.UTF_8);
        boolean pull = a.operation() == ProposedAction.Container.Operation.PULL;
        String path = pull ? "/images/create?fromImage=" + name + "&tag=latest"
                : "/containers/" + name + "/" + a.operation().wire();
        DockerEngineClient.Response r;
        try {
            r = engine.post(path);
        } catch (IOException e) {
            return new Result(-1, "Docker Engine API " + a.operation().wire() + " " + a.container() + ": " + e.getMessage());
        }
        String what = a.operation().wire() + " " + a.container();
        return switch (r.status()) {
            case 204 -> new Result(0, what + ": done");
            case 304 -> new Result(0, what + ": already " + (a.operation() == ProposedAction.Container.Operation.STOP ? "stopped" : "running"));
            case 200 -> pull ? pulled(what, r) : new Result(0, what + ": done");
            case 404 -> new Result(1, what + ": no such " + (pull ? "image" : "container") + " (" + message(r.body()) + ")");
            default -> new Result(1, what + ": Docker Engine answered " + r.status() + " (" + message(r.body()) + ")");
        };
    }

    private static Result pulled(String what, DockerEngineClient.Response r) {
        String[] lines = r.tail().strip().split("\n");
        String last = lines[lines.length - 1].strip();
        try {
            JsonNode n = JSON.readTree(last);
            if (n != null && n.hasNonNull("error")) return new Result(1, what + ": " + n.get("error").asText());
            if (n != null && n.hasNonNull("status")) return new Result(0, what + ": " + n.get("status").asText());
        } catch (IOException e) {
            return new Result(1, what + ": the pull's progress stream did not end in a JSON status line");
        }
        return new Result(1, what + ": the pull's progress stream ended without a status");
    }

    /** The Engine's {@code {"message": ...}}, or the start of a non-JSON body. */
    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("message")) return n.get("message").asText();
        } catch (IOException e) {
            // Not JSON: quote the start of the body instead.
        }
        String s = body.strip();
        return s.isEmpty() ? "no message" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
