package dev.clawdbot.core;

import java.util.Objects;

/**
 * One result of a self-check ({@code doctor}, {@code sandbox check}, {@code sessions doctor}, the model check):
 * what was checked ({@code subject}), how it stands, what was found and, unless it is fine, how to fix it
 * ({@code fix} may be null).
 */
public record Diagnostic(Severity severity, String subject, String detail, String fix) {

    /** Ordered from fine to failing. */
    public enum Severity {
        OK,
        /** Works, but less safely or less well than it could. */
        WARNING,
        /** Does not work, or must not run like this. */
        ERROR
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }

    public static Diagnostic ok(String subject, String detail) {
        return new Diagnostic(Severity.OK, subject, detail, null);
    }

    public static Diagnostic warning(String subject, String detail, String fix) {
        return new Diagnostic(Severity.WARNING, subject, detail, fix);
    }

    public static Diagnostic error(String subject, String detail, String fix) {
        return new Diagnostic(Severity.ERROR, subject, detail, fix);
    }

    public boolean ok() {
        return severity == Severity.OK;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
