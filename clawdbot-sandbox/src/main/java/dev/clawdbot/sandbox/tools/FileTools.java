package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code read}, {@code write}, {@code edit} and {@code list}, all through {@link WorkspaceFs}. */
public final class FileTools {
    static final int MAX_READ = 512 * 1024;
    static final int MAX_WRITE = 4 * 1024 * 1024;

    private FileTools() {
    }

    /** Prepares a workspace before the file tools first write into it (see {@code Sandbox.adoptWorkspace}). */
    @FunctionalInterface
    public interface Adopt {
        void workspace(java.nio.file.Path workspace) throws java.io.IOException;
    }

    public static List<dev.clawdbot.core.tool.Tool> all() {
        return all(ws -> { });
    }

    public static List<dev.clawdbot.core.tool.Tool> all(Adopt adopt) {
        return List.of(new Read(), new Write(adopt), new Edit(), new ListDir());
    }

    static final class Read extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("read", "Read a text file in the workspace (path relative to the workspace).",
                    schema(req("path"), "path", "string", "file path relative to the workspace"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            byte[] b = new WorkspaceFs(ctx.workspace()).read(string(in, "path"), MAX_READ + 1);
            String text = new String(b, 0, Math.min(b.length, MAX_READ), StandardCharsets.UTF_8);
            return ToolResult.untrusted(b.length > MAX_READ ? text + "\n[truncated at " + MAX_READ + " bytes]" : text);
        }
    }

    static final class Write extends ToolSupport {
        private final Adopt adopt;

        Write(Adopt adopt) {
            this.adopt = adopt;
        }

        @Override
        public ToolSpec spec() {
            return new ToolSpec("write", "Create or replace a file in the workspace; missing parent directories are created.",
                    schema(req("path", "content"), "path", "string", "file path relative to the workspace",
                            "content", "string", "the complete new content"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            String path = string(in, "path");
            byte[] data = string(in, "content").getBytes(StandardCharsets.UTF_8);
            if (data.length > MAX_WRITE) throw new BadInput("content is " + data.length + " bytes; the limit is " + MAX_WRITE);
            adopt.workspace(ctx.workspace());
            new WorkspaceFs(ctx.workspace()).write(path, data);
            return ToolResult.ok("wrote " + data.length + " bytes to " + path);
        }
    }

    static final class Edit extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("edit", "Replace one exact occurrence of old_text with new_text in a workspace file.",
                    schema(req("path", "old_text", "new_text"), "path", "string", "file path relative to the workspace",
                            "old_text", "string", "text to replace; must occur exactly once",
                            "new_text", "string", "replacement text"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            String path = string(in, "path");
            String old = string(in, "old_text");
            String repl = string(in, "new_text");
            if (old.isEmpty()) throw new BadInput("'old_text' must not be empty");
            WorkspaceFs fs = new WorkspaceFs(ctx.workspace());
            byte[] b = fs.read(path, MAX_WRITE + 1);
            if (b.length > MAX_WRITE) throw new BadInput(path + " is larger than " + MAX_WRITE + " bytes; edit it with exec instead");
            String text = new String(b, StandardCharsets.UTF_8);
            int first = text.indexOf(old);
            if (first < 0) throw new BadInput("old_text was not found in " + path + " (it must match exactly, whitespace included)");
            int count = 0;
            for (int i = first; i >= 0; i = text.indexOf(old, i + 1)) count++;
            if (count > 1) throw new BadInput("old_text occurs " + count + " times in " + path + "; include more surrounding text so it occurs once");
            fs.write(path, (text.substring(0, first) + repl + text.substring(first + old.length())).getBytes(StandardCharsets.UTF_8));
            return ToolResult.ok("replaced 1 occurrence in " + path);
        }
    }

    static final class ListDir extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("list", "List a workspace directory (d = directory, f = file with size, l = symbolic link, not followed).",
                    schema(req(), "path", "string", "directory relative to the workspace; default the workspace itself"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            StringBuilder sb = new StringBuilder();
            try (WorkspaceFs.Dir d = new WorkspaceFs(ctx.workspace()).openDir(string(in, "path", "."))) {
                for (WorkspaceFs.Entry e : d.entries()) {
                    sb.append(e.type()).append(' ').append(e.name());
                    if (e.type() == 'd') sb.append('/');
                    if (e.type() == 'f') sb.append(' ').append(e.size());
                    sb.append('\n');
                }
            }
            return ToolResult.untrusted(sb.isEmpty() ? "(empty)" : sb.toString());
        }
    }
}
