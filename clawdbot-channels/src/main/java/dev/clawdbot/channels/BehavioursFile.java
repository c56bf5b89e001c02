package dev.clawdbot.channels;

import dev.clawdbot.core.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The agent's learned behaviours, {@code CONFIG/agents/<id>/behaviours.md}: one Markdown bullet per
 * behaviour, kept outside the session so that a session reset does not forget them. Writes replace the
 * file atomically (temp file + rename), so a crash leaves the old or the new file, never half of one.
 */
public final class BehavioursFile {
    static final String VOICE_KEY = "voice replies";

    private final Path file;

    public BehavioursFile(Path configDir, String agentId) {
        if (agentId == null || !agentId.matches("[A-Za-z0-9_-]{1,64}")) throw new IllegalArgumentException("invalid agent id: " + agentId);
        this.file = configDir.resolve("agents").resolve(agentId).resolve("behaviours.md");
    }

    public Path path() {
        return file;
    }

    /** The value of a {@code - key: value} line, if present. */
    public synchronized Optional<String> get(String key) {
        String prefix = "- " + key.toLowerCase(Locale.ROOT) + ":";
        for (String line : lines()) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) return Optional.of(line.substring(prefix.length()).trim());
        }
        return Optional.empty();
    }

    /** Sets {@code - key: value}, replacing an existing line for the key and keeping every other line. */
    public synchronized void set(String key, String value) {
        if (value.contains("\n") || key.contains("\n") || key.contains(":")) throw new IllegalArgumentException("behaviour key and value must be single lines, key without ':'");
        String prefix = "- " + key.toLowerCase(Locale.ROOT) + ":";
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String line : lines()) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                if (!replaced) out.add("- " + key + ": " + value);
                replaced = true;
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            if (out.isEmpty()) out.add("# Learned behaviours");
            out.add("- " + key + ": " + value);
        }
        write(String.join("\n", out) + "\n");
    }

    public Optional<VoiceConfig.ReplyMode> voiceReplies() {
        return get(VOICE_KEY).flatMap(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "always" -> Optional.of(VoiceConfig.ReplyMode.ALWAYS);
            case "when spoken", "when_spoken" -> Optional.of(VoiceConfig.ReplyMode.WHEN_SPOKEN);
            case "never" -> Optional.of(VoiceConfig.ReplyMode.NEVER);
            default -> Optional.empty();
        });
    }

    public void setVoiceReplies(VoiceConfig.ReplyMode mode) {
        set(VOICE_KEY, switch (mode) {
            case ALWAYS -> "always";
            case WHEN_SPOKEN -> "when spoken";
            case NEVER -> "never";
        });
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".behaviours", ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                AtomicFiles.replace(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
