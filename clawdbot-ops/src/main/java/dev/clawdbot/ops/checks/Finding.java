package dev.clawdbot.ops.checks;

import java.util.Objects;

/** One thing a check found, with the fix it suggests; reports rank findings by severity. */
public record Finding(Severity severity, String check, String subject, String message, String fix) {

    /** Ordered from most to least urgent. */
    public enum Severity { CRITICAL, WARNING, INFO }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
        subject = subject == null ? "" : subject;
        fix = fix == null ? "" : fix;
    }
}
