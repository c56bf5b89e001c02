package dev.clawdbot.core.guard;

/** Where a piece of content came from: a kind ({@code chat}, {@code email}, {@code web}, {@code tool}, {@code calendar}, {@code voice}) and a label (sender, URL, tool name). */
public record ContentSource(String kind, String label) {
}
