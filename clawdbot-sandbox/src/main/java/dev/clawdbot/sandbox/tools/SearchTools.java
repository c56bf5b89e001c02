package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;

import com.google.re2j.Pattern;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code glob} and {@code grep}: walk the workspace without following links. Patterns are RE2/J ({@link SafeRegex}):
 * matching is linear in the text, and the text is bounded (lines, files, bytes in all), so a search ends in
 * seconds whatever the model asks; the walk also stops when its thread is interrupted (turn deadline, /stop).
 */
public final class SearchTools {
    static final int MAX_RESULTS = 500;
    static final int MAX_ENTRIES = 50_000;
    static final int MAX_DEPTH = 32;
    static final int MAX_GREP_FILE = 2 * 1024 * 1024;
    /** Only this much of a line is matched: minified files have megabyte lines. */
    static final int MAX_LINE = 8_192;
    /** Bytes read in one search: about 1 s of RE2/J matching for a simple pattern on the dev machine. */
    static final long MAX_SCANNED = 64L * 1024 * 1024;
    static final int MAX_OUTPUT = 64 * 1024;

    private SearchTools() {
    }

    public static List<Tool> all() {
        return List.of(new Glob(), new Grep());
    }

    interface Visitor {
        /** Returns false to stop the walk. */
        boolean file(String rel, WorkspaceFs.Entry e) throws IOException;
    }

    /** Depth-first walk through directory descriptors; symlinks are listed by name but never entered. */
    static void walk(WorkspaceFs fs, String start, Visitor v) throws IOException {
        int[] seen = {0};
        try (WorkspaceFs.Dir d = fs.openDir(start)) {
            String prefix = String.join("/", d.path);
            walk(d, prefix.isEmpty() ? "" : prefix + "/", v, 0, seen);
        }
    }

    private static boolean walk(WorkspaceFs.Dir d, String prefix, Visitor v, int depth, int[] seen) throws IOException {
        for (WorkspaceFs.Entry e : d.entries()) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("search interrupted");
            if (++seen[0] > MAX_ENTRIES) return false;
            String rel = prefix + e.name();
            if (!v.file(rel, e)) return false;
            if (e.type() == 'd' && depth < MAX_DEPTH) {
                try (WorkspaceFs.Dir sub = d.sub(e.name())) {
                    if (!walk(sub, rel + "/", v, depth + 1, seen)) return false;
                } catch (PathRefusedException raced) {
                    // replaced by a link while walking: skip it
                }
            }
        }
        return true;
    }

    static final class Glob extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("glob", "Find workspace files whose relative path matches a glob (e.g. **/*.py).",
                    schema(req("pattern"), "pattern", "string", "glob over paths relative to the workspace",
                            "path", "string", "directory to search; default the workspace"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            Pattern m = compiled(string(in, "pattern"), true);
            List<String> hits = new ArrayList<>();
            walk(new WorkspaceFs(ctx.workspace()), string(in, "path", "."), (rel, e) -> {
                if (m.matches(rel)) hits.add(rel + (e.type() == 'd' ? "/" : ""));
                return hits.size() < MAX_RESULTS;
            });
            return ToolResult.untrusted(hits.isEmpty() ? "(no matches)" : String.join("\n", hits)
                    + (hits.size() >= MAX_RESULTS ? "\n[stopped at " + MAX_RESULTS + " matches]" : ""));
        }
    }

    static final class Grep extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("grep", "Search workspace text files for a regular expression; prints path:line: text.",
                    schema(req("pattern"), "pattern", "string", "RE2 regular expression (no backreferences or lookaround)",
                            "path", "string", "directory to search; default the workspace",
                            "glob", "string", "only files whose relative path matches this glob"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            Pattern p = compiled(string(in, "pattern"), false);
            String g = string(in, "glob", null);
            Pattern m = g == null ? null : compiled(g, true);
            WorkspaceFs fs = new WorkspaceFs(ctx.workspace());
            List<String> hits = new ArrayList<>();
            long[] scanned = {0};
            int[] chars = {0};
            boolean[] full = {false};
            walk(fs, string(in, "path", "."), (rel, e) -> {
                if (e.type() != 'f' || e.size() > MAX_GREP_FILE || (m != null && !m.matches(rel))) return true;
                if (scanned[0] + e.size() > MAX_SCANNED) {
                    full[0] = true;
                    return false;
                }
                byte[] b;
                try {
                    b = fs.read(rel, MAX_GREP_FILE);
                } catch (PathRefusedException refused) {
                    return true;
                }
                scanned[0] += b.length;
                for (byte x : b) if (x == 0) return true;
                String text = new String(b, StandardCharsets.UTF_8);
                int line = 0;
                for (int start = 0; start <= text.length() && hits.size() < MAX_RESULTS && chars[0] < MAX_OUTPUT; ) {
                    int nl = text.indexOf('\n', start);
                    int end = nl < 0 ? text.length() : nl;
                    line++;
                    String s = text.substring(start, Math.min(end, start + MAX_LINE));
                    if (p.matcher(s).find()) {
                        String shown = s.length() > 300 ? s.substring(0, 300) + "..." : s;
                        hits.add(rel + ":" + line + ": " + shown);
                        chars[0] += rel.length() + shown.length() + 12;
                    }
                    if (nl < 0) break;
                    start = nl + 1;
                    if ((line & 1023) == 0 && Thread.currentThread().isInterrupted()) throw new InterruptedIOException("search interrupted");
                }
                return hits.size() < MAX_RESULTS && chars[0] < MAX_OUTPUT;
            });
            String stop = hits.size() >= MAX_RESULTS ? "\n[stopped at " + MAX_RESULTS + " matches]"
                    : chars[0] >= MAX_OUTPUT ? "\n[stopped at " + MAX_OUTPUT / 1024 + " KB of output]"
                    : full[0] ? "\n[stopped after reading " + MAX_SCANNED / (1024 * 1024) + " MB]" : "";
            return ToolResult.untrusted(hits.isEmpty() ? "(no matches)" + stop : String.join("\n", hits) + stop);
        }
    }

    private static Pattern compiled(String pattern, boolean glob) throws ToolSupport.BadInput {
        try {
            return glob ? SafeRegex.glob(pattern) : SafeRegex.compile(pattern);
        } catch (SafeRegex.Refused e) {
            throw new ToolSupport.BadInput(e.getMessage());
        }
    }
}
