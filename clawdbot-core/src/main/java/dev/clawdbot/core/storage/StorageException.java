package dev.clawdbot.core.storage;

/** A database failure, with a message that names what was being done. */
public final class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
