package dev.clawdbot.llm;

import java.util.List;

/** Replaces known secret values in text that may reach a log, an event or an exception message. */
final class SecretScrubber {

    private final List<String> secrets;

    SecretScrubber(List<String> secrets) {
        // Very short values would mask ordinary words; real keys are long.
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 8).toList();
    }

    String scrub(String text) {
        if (text == null) return null;
        String t = text;
        for (String s : secrets) t = t.replace(s, "***");
        return t;
    }
}
