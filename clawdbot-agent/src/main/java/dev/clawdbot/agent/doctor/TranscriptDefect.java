package dev.clawdbot.agent.doctor;

import dev.clawdbot.core.Diagnostic;

/** One defect in a session transcript or stored session: where ({@code file} path or {@code db:<session key>}), the 1-based line or turn (0 when not applicable), what, and details. */
public record TranscriptDefect(String where, int line, Kind kind, String detail) {

    public enum Kind {
        /** The last line is cut off (a write stopped half way). */
        TORN_TAIL,
        /** Two records share one line (a newline was lost, or a torn record was followed by the next write). */
        MERGED_RECORDS,
        /** Runs of NUL bytes (a crash on a filesystem that extended the file with zeros). */
        NUL_BYTES,
        /** A line that is not a JSON object, in the middle of the file. */
        INVALID_RECORD,
        TOOL_CALL_WITHOUT_RESULT,
        TOOL_RESULT_WITHOUT_CALL,
        /** A record's parent ({@code parentUuid}, {@code parentId}, {@code sessionId}) is not defined before it. */
        BROKEN_PARENT_LINK,
        /** A stored turn that would not replay to a model. */
        INVALID_TURN
    }

    /** As {@code sessions doctor} reports it: every defect is an error; {@code --fix} is offered once for all. */
    public Diagnostic diagnostic() {
        return Diagnostic.error(where + (line > 0 ? ":" + line : ""), kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " – " + detail, null);
    }

    @Override
    public String toString() {
        Diagnostic d = diagnostic();
        return d.subject() + ": " + d.detail();
    }
}
