package dev.clawdbot.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Terminal chat against a running gateway, over its OpenAI-compatible streaming endpoint. Each line
 * typed is one message; slash commands go through as text and are answered by the gateway.
 */
@Command(name = "chat", description = "Chat with an agent of a running gateway from the terminal.")
public final class ChatCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "Gateway base URL (default: http://127.0.0.1:<gateway port>).")
    String url;

    @Option(names = "--token", description = "Bearer token (default: $CLAWDBOT_GATEWAY_TOKEN, else DATA/gateway.token).")
    String token;

    @Option(names = "--agent", defaultValue = "default", description = "Agent to talk to (default: the default agent).")
    String agent;

    @Option(names = "--session", description = "Session name (default: terminal-$USER).")
    String session;

    @Option(names = {"-m", "--message"}, description = "Send one message, print the reply and exit.")
    String message;

    private final Supplier<GatewayEndpoint> endpoint;

    /** Where the gateway listens and its token, as the local configuration says. */
    public record GatewayEndpoint(String baseUrl, String token) {
    }

    public ChatCommand(Supplier<GatewayEndpoint> endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String base = url;
        String bearer = token;
        if (base == null || bearer == null) {
            GatewayEndpoint local = endpoint.get();
            if (base == null) base = local.baseUrl();
            if (bearer == null) bearer = local.token();
        }
        if (bearer == null || bearer.isBlank()) {
            err.println("clawdbot chat: no gateway token; pass --token or set CLAWDBOT_GATEWAY_TOKEN.");
            return 2;
        }
        String user = session != null ? session : "terminal-" + System.getProperty("user.name", "user");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (message != null) return send(http, base, bearer, user, message, out, err) ? 0 : 1;

        String problem = probe(http, base, bearer);
        if (problem != null) {
            err.println("clawdbot chat: " + problem);
            err.flush();
            return 1;
        }
        out.println("Connected to " + base + " as session '" + user + "'. Type /help for commands, Ctrl-D to quit.");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            out.print("> ");
            out.flush();
            String line = in.readLine();
            if (line == null) return 0;
            if (line.isBlank()) continue;
            send(http, base, bearer, user, line, out, err);
        }
    }

    /** Null when the gateway answers and accepts the token; otherwise what is wrong, in words. */
    static String probe(HttpClient http, String base, String bearer) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/models"))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 200) return null;
            if (resp.statusCode() == 401) return "the gateway at " + base + " refused the token (pass --token or set CLAWDBOT_GATEWAY_TOKEN)";
            return "the gateway at " + base + " answered " + resp.statusCode() + ": " + errorMessage(resp.body());
        } catch (IOException e) {
            return "the gateway at " + base + " is unreachable (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); is `clawdbot serve` running there?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private boolean send(HttpClient http, String base, String bearer, String user, String text, PrintWriter out, PrintWriter err) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", agent);
        body.put("user", user);
        body.put("stream", true);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<Stream<String>> resp = http.send(req, HttpResponse.BodyHandlers.ofLines());
            if (resp.statusCode() != 200) {
                String detail = resp.body().reduce("", String::concat);
                err.println("gateway answered " + resp.statusCode() + ": " + errorMessage(detail));
                err.flush();
                return false;
            }
            boolean[] ok = {true};
            resp.body().forEach(line -> {
                if (!line.startsWith("data: ")) return;
                String data = line.substring(6);
                if (data.equals("[DONE]")) return;
                try {
                    JsonNode chunk = JSON.readTree(data);
                    if (chunk.has("error")) {
                        out.println();
                        err.println("error: " + chunk.path("error").path("message").asText());
                        ok[0] = false;
                        return;
                    }
                    JsonNode delta = chunk.path("choices").path(0).path("delta");
                    if (delta.hasNonNull("content")) {
                        out.print(delta.get("content").asText());
                        out.flush();
                    }
                } catch (IOException e) {
                    ok[0] = false;
                }
            });
            out.println();
            out.flush();
            return ok[0];
        } catch (ConnectException e) {
            err.println("clawdbot chat: cannot reach the gateway at " + base + " (is `clawdbot serve` running?)");
            return false;
        } catch (IOException e) {
            err.println("clawdbot chat: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.path("error").has("message")) return n.path("error").path("message").asText();
        } catch (IOException ignored) {
            // not JSON: show it raw
        }
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
