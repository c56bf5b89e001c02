package dev.clawdbot.core.chat;

/** Why a reply failed, in words a user can act on, and a stable machine-readable code. */
public record ChatError(String code, String message) {
}
