package dev.clawdbot.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assembles an agent's system prompt from its persona file and its learned-behaviours file, both in
 * {@code CONFIG/agents/<id>/}. Behaviours live in config, not in session memory, so a reset keeps them.
 * The files are checked on every turn (size and modification time, through {@link Cache}) so an edit applies to
 * the next turn without a restart, and are read again only when they changed.
 */
final class SystemPrompt {

    /**
     * The default prompt of an agent without a persona file (docs/agent.md): identity anchoring, the trust tiers,
     * what the agent does itself, what goes through the broker, and how it answers content that tries to instruct
     * it. About 4,000 characters, 1,000 tokens; {@code {name}} is the agent's name.
     */
    static final String DEFAULT_TEMPLATE = loadTemplate();

    private SystemPrompt() {
    }

    /** The assembled prompt and its size. */
    record Assembled(String text, int chars, int estimatedTokens) {
        static Assembled of(String text) {
            return new Assembled(text, text.length(), Tokens.estimate(text));
        }
    }

    static Assembled assemble(Path configDir, String agentId, AgentConfig agent) {
        Path dir = agentDir(configDir, agentId);
        String persona = read(dir.resolve(agent.persona()));
        if (persona == null || persona.isBlank()) {
            persona = defaultPrompt(agentId);
        }
        StringBuilder sb = new StringBuilder(persona.strip());
        String behaviours = read(dir.resolve(agent.behaviours()));
        if (behaviours != null && !behaviours.isBlank()) {
            sb.append("\n\n## Learned behaviours\n").append(behaviours.strip());
        }
        return Assembled.of(sb.toString());
    }

    /** Assembled prompts per agent, reassembled when either file's size or modification time changes. */
    static final class Cache {
        private record Stamp(long personaModified, long personaSize, long behavioursModified, long behavioursSize) {
        }

        private record Entry(Stamp stamp, Assembled assembled) {
        }

        private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

        Assembled get(Path configDir, String agentId, AgentConfig agent) {
            Path dir = agentDir(configDir, agentId);
            // java.io.File answers a missing file with 0 instead of an exception: this runs on every turn.
            File persona = dir.resolve(agent.persona()).toFile();
            File behaviours = dir.resolve(agent.behaviours()).toFile();
            Stamp stamp = new Stamp(persona.lastModified(), persona.length(), behaviours.lastModified(), behaviours.length());
            Entry e = entries.get(agentId);
            if (e != null && e.stamp().equals(stamp)) return e.assembled();
            // A file changing between the stamp and the read is stored with the old stamp, so it is read again next time.
            Assembled assembled = assemble(configDir, agentId, agent);
            entries.put(agentId, new Entry(stamp, assembled));
            return assembled;
        }
    }

    /** The default prompt for {@code agentId}: Dakota by name for the default agent, the id for any other. */
    static String defaultPrompt(String agentId) {
        return DEFAULT_TEMPLATE.replace("{name}", AgentsConfig.DAKOTA.equals(agentId) ? "Dakota" : agentId);
    }

    private static String loadTemplate() {
        try (var in = SystemPrompt.class.getResourceAsStream("default-system-prompt.md")) {
            if (in == null) throw new IllegalStateException("default-system-prompt.md is missing from the agent jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the default system prompt", e);
        }
    }

    static Path agentDir(Path configDir, String agentId) {
        return configDir.resolve("agents").resolve(agentId);
    }

    /** The system prompt plus the compaction summary of the session, when there is one. */
    static String withSummary(String prompt, String summary) {
        if (summary == null || summary.isBlank()) return prompt;
        return prompt + "\n\n## Summary of the earlier conversation\n" + summary.strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
