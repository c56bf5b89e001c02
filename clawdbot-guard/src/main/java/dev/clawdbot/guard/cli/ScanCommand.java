package dev.clawdbot.guard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.GuardAnalysis;
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
 * 1 when rejected. With {@code --jsonl}, reads one {@code {"text": ...}} object per stdin line and writes one
 * LLM Guard-shaped verdict per line, in order; a malformed line gets an {@code error} object, and exit 1.
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
    @Option(names = "--source", description = "Source kind recorded with the verdict (default: ${DEFAULT-VALUE}).", defaultValue = "cli")
    String source;
    @Parameters(arity = "0..*", description = "Text to scan; stdin when absent.")
    List<String> words = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return GuardCommand.guarded(err, () -> {
            Guard guard = parent.guard(true);
            var in = new BufferedReader(new InputStreamReader(parent.stdin(), StandardCharsets.UTF_8));
            if (jsonl) {
                if (!words.isEmpty()) throw new IllegalArgumentException("--jsonl reads stdin; give no text arguments");
                return scanLines(guard, in, out);
            }
            String text = words.isEmpty() ? in.lines().reduce((a, b) -> a + "\n" + b).orElse("") : String.join(" ", words);
            GuardAnalysis a = guard.analyze(text, new ContentSource(source, "cli"), Set.of());
            out.println((a.valid() ? "valid" : "rejected") + " " + scores(a));
            if (a.valid() && !a.sanitized().equals(text)) out.println("sanitized: " + a.sanitized());
            out.flush();
            return a.valid() ? 0 : 1;
        });
    }

    private int scanLines(Guard guard, BufferedReader in, PrintWriter out) throws java.io.IOException {
        int lineNo = 0;
        boolean errors = false;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            ObjectNode result = JSON.createObjectNode();
            String text = null;
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.path("text").isTextual()) text = node.get("text").asText();
                else result.put("error", "line " + lineNo + ": expected an object with a string field \"text\"");
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                result.put("error", "line " + lineNo + ": malformed JSON: " + e.getOriginalMessage());
            }
            if (text != null) {
                GuardAnalysis a = guard.analyze(text, new ContentSource(source, "line " + lineNo), Set.of());
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
