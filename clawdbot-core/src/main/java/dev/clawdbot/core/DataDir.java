package dev.clawdbot.core;

import dev.clawdbot.core.config.SecretRedactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory ({@code CLAWDBOT_DATA}): database, events, the generated gateway token. Created 0700;
 * {@link #permissionProblems()} says when it or a file in it has become readable by others, with the fix.
 */
public final class DataDir {

    public static final String TOKEN_FILE = "gateway.token";

    private static final Set<PosixFilePermission> SHARED = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path dir;

    private DataDir(Path dir) {
        this.dir = dir;
    }

    /** Opens {@code dir}, creating it (and missing parents) with mode 0700 when it does not exist. */
    public static DataDir open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                if (!Files.isDirectory(abs)) {
                    throw new UncheckedIOException("data directory " + abs + " exists but is not a directory",
                            new NotDirectoryException(abs.toString()));
                }
            } else {
                if (abs.getParent() != null) Files.createDirectories(abs.getParent());
                Files.createDirectory(abs, privateAttrs("rwx------"));
            }
        } catch (FileAlreadyExistsException e) {
            // Another process created it between the check and the create: fine, it is there now.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + abs + ": " + e.getMessage(), e);
        }
        return new DataDir(abs);
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /**
     * Each place that group or others can reach (the directory, its subdirectories, and the files in them one
     * level deep), with the chmod that fixes it. Empty on file systems without POSIX permissions.
     */
    public List<String> permissionProblems() {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir, 2)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(p)) continue;
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                if (perms.stream().noneMatch(SHARED::contains)) continue;
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                problems.add(p + " (" + PosixFilePermissions.toString(perms) + ") is " + (isDir ? "accessible" : "readable or writable")
                        + " by group or others: run chmod " + (isDir ? "700 " : "600 ") + p);
            }
        } catch (UnsupportedOperationException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            problems.add("cannot check permissions under " + dir + ": " + e.getMessage());
        }
        return problems;
    }

    /** The gateway's bearer token and where it came from; {@link #toString()} never shows the token. */
    public record TokenResult(String token, Source source) {
        public enum Source { ENVIRONMENT, FILE, GENERATED }

        /** True when the token was made just now: the app prints it once so the user can copy it. */
        public boolean generated() {
            return source == Source.GENERATED;
        }

        @Override
        public String toString() {
            return "TokenResult[source=" + source + "]";
        }
    }

    /**
     * The token from the environment if given; else the one in {@code DATA/gateway.token}; else 32 random
     * bytes, base64url, written there with mode 0600 from the moment the file exists (the file appears
     * complete, by a hard link from a private temp file, so a crash or a concurrent start never leaves a
     * half-written or world-readable token). The token is registered with the global secret redactor.
     */
    public TokenResult gatewayToken(Optional<String> fromEnv) {
        if (fromEnv.isPresent() && !fromEnv.get().isBlank()) {
            SecretRedactor.global().register(fromEnv.get().strip());
            return new TokenResult(fromEnv.get().strip(), TokenResult.Source.ENVIRONMENT);
        }
        Path file = dir.resolve(TOKEN_FILE);
        try {
            if (Files.exists(file)) return new TokenResult(readToken(file), TokenResult.Source.FILE);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!publish(file, token)) return new TokenResult(readToken(file), TokenResult.Source.FILE);
            SecretRedactor.global().register(token);
            return new TokenResult(token, TokenResult.Source.GENERATED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the gateway token " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the token under a private temp name, then links it into place; false if another process won. */
    private boolean publish(Path file, String token) throws IOException {
        Path tmp = Files.createTempFile(dir, ".gateway.token.", ".tmp", privateAttrs("rw-------"));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(file)) return false;
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String readToken(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IOException(file + " is empty: delete it to have a new token generated, or write a token into it");
        }
        SecretRedactor.global().register(token);
        return token;
    }

    private static FileAttribute<?>[] privateAttrs(String mode) {
        try {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
        } catch (RuntimeException e) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
    }
}
