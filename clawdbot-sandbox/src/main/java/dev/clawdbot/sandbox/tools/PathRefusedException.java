package dev.clawdbot.sandbox.tools;

import java.io.IOException;

/** A workspace path that would lead outside the workspace, or through a link. The message is shown to the model. */
final class PathRefusedException extends IOException {
    public PathRefusedException(String message) {
        super(message);
    }
}
