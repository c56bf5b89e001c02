package dev.clawdbot.sandbox;

/** No sandbox backend can run the command and unsandboxed execution was not allowed explicitly. */
public final class SandboxUnavailableException extends Exception {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
