package dev.clawdbot.core.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a secret from a file the way Docker and systemd credentials are written: one trailing newline is not part of it. */
final class SecretFiles {

    private SecretFiles() {
    }

    /** The file's text less one trailing newline, registered with the global redactor. */
    static String read(Path file) throws IOException {
        String s = Files.readString(file);
        if (s.endsWith("\r\n")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        SecretRedactor.global().register(s);
        return s;
    }

    /** Why {@code file} could not be read, in words fit for an error message. */
    static String whyUnreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof MalformedInputException) return "it is not UTF-8 text";
        if (Files.isDirectory(file)) return "it is a directory";
        return String.valueOf(e.getMessage());
    }
}
