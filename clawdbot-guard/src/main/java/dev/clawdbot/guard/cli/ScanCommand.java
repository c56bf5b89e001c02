package dev.clawdbot.guard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.GuardAnalysis;
import dev.clawdbot.guard.scan.Analysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot guard scan [TEXT...]}: scans the arguments (joined by spaces) or stdin. Exit 0 when valid,
 * 1 when rejected. {@code --source} names where the text came from ({@code user}, the default, gets the direct
 * analysis; {@code email}, {@code web}, {@code tool}, {@code calendar}, {@code transcript} the indirect one). With
 * {@code --jsonl}, reads one {@code {"text": ..., "source": ...}} object per stdin line ({@code source} optional,
 * defaulting to {@code --source}) and writes one LLM Guard-shaped verdict per line, in order; a malformed line gets
 * an {@code error} object, and exit 1.
 */
@Command(name = "scan", description = "Scan text from the arguments or stdin.", mixinStandardHelpOptions = true)
final class ScanCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    GuardCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--jsonl", description = "Read JSON lines {\"text\": ...} from stdin; write one verdict per line.")
    boolean jsonl;
    @Option(names = "--source", description = "Where the text came from: user, email, web, tool, calendar, transcript (default: ${DEFAULT-VALUE}).", defaultValue = "user")
    String source;
    @Parameters(arity = "0..*", description = "Text to scan; stdin when absent.")
    List<String> words = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return GuardCommand.guarded(err, () -> {
            String kind = Analysis.checkedKind(source);
            Guard guard = parent.guard(true);
            var in = new BufferedReader(new InputStreamReader(parent.stdin(), StandardCharsets.UTF_8));
            if (jsonl) {
                if (!words.isEmpty()) throw new IllegalArgumentException("--jsonl reads stdin; give no text arguments");
                return scanLines(guard, kind, in, out);
            }
            String text = words.isEmpty() ? in.lines().reduce((a, b) -> a + "\n" + b).orElse("") : String.join(" ", words);
            GuardAnalysis a = guard.analyze(text, new ContentSource(kind, "cli"), Set.of());
            out.println((a.valid() ? "valid" : "rejected") + " " + scores(a));
            if (a.valid() && !a.sanitized().equals(text)) out.println("sanitized: " + a.sanitized());
            out.flush();
            return a.valid() ? 0 : 1;
        });
    }

    private int scanLines(Guard guard, String defaultKind, BufferedReader in, PrintWriter out) throws java.io.IOException {
        int lineNo = 0;
        boolean errors = false;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            ObjectNode result = JSON.createObjectNode();
            String text = null;
            String kind = defaultKind;
            try {
                JsonNode node = JSON.readTree(line);
                JsonNode src = node == null ? null : node.get("source");
                if (node == null || !node.path("text").isTextual())
                    result.put("error", "line " + lineNo + ": expected an object with a string field \"text\"");
                else if (src != null && !src.isTextual())
                    result.put("error", "line " + lineNo + ": \"source\" must be a string");
                else if (src != null && !Analysis.KINDS.contains(src.asText()))
                    result.put("error", "line " + lineNo + ": \"source\" must be one of " + String.join(", ", Analysis.KINDS));
                else {
                    text = node.get("text").asText();
                    if (src != null) kind = src.asText();
                }
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                result.put("error", "line " + lineNo + ": malformed JSON: " + e.getOriginalMessage());
            }
            if (text != null) {
                GuardAnalysis a = guard.analyze(text, new ContentSource(kind, "line " + lineNo), Set.of());
                result.put("is_valid", a.valid());
                result.put("sanitized_prompt", a.sanitized());
                ObjectNode s = result.putObject("scanners");
                a.scores().forEach(s::put);
            } else {
                errors = true;
            }
            out.println(JSON.writeValueAsString(result));
            out.flush();
        }
        return errors ? 1 : 0;
    }

    private static String scores(GuardAnalysis a) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : a.scores().entrySet()) {
            if (!b.isEmpty()) b.append(' ');
            b.append(e.getKey()).append('=').append(String.format(java.util.Locale.ROOT, "%.3f", e.getValue()));
            List<String> r = a.reasons().get(e.getKey());
            if (r != null && a.flagged().contains(e.getKey())) b.append(r);
        }
        return b.toString();
    }
}
