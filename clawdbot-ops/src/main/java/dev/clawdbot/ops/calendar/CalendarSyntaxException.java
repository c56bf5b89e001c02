package dev.clawdbot.ops.calendar;

/** A calendar spec systemd would refuse; the message is the C library's text for systemd's error number. */
public final class CalendarSyntaxException extends Exception {
    static final String EINVAL = "Invalid argument";
    static final String ERANGE = "Numerical result out of range";
    static final String ENOBUFS = "No buffer space available";

    CalendarSyntaxException(String message) {
        super(message, null, false, false);
    }

    static CalendarSyntaxException invalid() {
        return new CalendarSyntaxException(EINVAL);
    }

    static CalendarSyntaxException range() {
        return new CalendarSyntaxException(ERANGE);
    }
}
