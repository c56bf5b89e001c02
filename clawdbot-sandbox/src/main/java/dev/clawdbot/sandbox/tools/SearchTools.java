package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code glob} and {@code grep}: walk the workspace without following links. */
public final class SearchTools {
    static final int MAX_RESULTS = 500;
    static final int MAX_ENTRIES = 50_000;
    static final int MAX_DEPTH = 32;
    static final int MAX_GREP_FILE = 2 * 1024 * 1024;

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
            PathMatcher m;
            try {
                m = FileSystems.getDefault().getPathMatcher("glob:" + string(in, "pattern"));
            } catch (IllegalArgumentException e) {
                throw new BadInput("invalid glob: " + e.getMessage());
            }
            List<String> hits = new ArrayList<>();
            walk(new WorkspaceFs(ctx.workspace()), string(in, "path", "."), (rel, e) -> {
                if (m.matches(Path.of(rel))) hits.add(rel + (e.type() == 'd' ? "/" : ""));
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
                    schema(req("pattern"), "pattern", "string", "Java regular expression",
                            "path", "string", "directory to search; default the workspace",
                            "glob", "string", "only files whose relative path matches this glob"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            Pattern p;
            try {
                p = Pattern.compile(string(in, "pattern"));
            } catch (PatternSyntaxException e) {
                throw new BadInput("invalid regex: " + e.getDescription());
            }
            String g = string(in, "glob", null);
            PathMatcher m = g == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + g);
            WorkspaceFs fs = new WorkspaceFs(ctx.workspace());
            List<String> hits = new ArrayList<>();
            walk(fs, string(in, "path", "."), (rel, e) -> {
                if (e.type() != 'f' || e.size() > MAX_GREP_FILE || (m != null && !m.matches(Path.of(rel)))) return true;
                byte[] b;
                try {
                    b = fs.read(rel, MAX_GREP_FILE);
                } catch (PathRefusedException refused) {
                    return true;
                }
                for (byte x : b) if (x == 0) return true;
                String[] lines = new String(b, StandardCharsets.UTF_8).split("\n", -1);
                for (int i = 0; i < lines.length && hits.size() < MAX_RESULTS; i++) {
                    if (p.matcher(lines[i]).find()) {
                        String line = lines[i].length() > 300 ? lines[i].substring(0, 300) + "..." : lines[i];
                        hits.add(rel + ":" + (i + 1) + ": " + line);
                    }
                }
                return hits.size() < MAX_RESULTS;
            });
            return ToolResult.untrusted(hits.isEmpty() ? "(no matches)" : String.join("\n", hits)
                    + (hits.size() >= MAX_RESULTS ? "\n[stopped at " + MAX_RESULTS + " matches]" : ""));
        }
    }
}
