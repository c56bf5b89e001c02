package dev.clawdbot.broker.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Reads the file a write would replace, so approval surfaces can show a diff. Only the {@code local} host is
 * readable here; only regular files (a FIFO or device would block or never end) of at most {@link #MAX_BYTES}
 * that are valid UTF-8. Anything else is "unknown" and the surfaces show the whole new content instead.
 */
@FunctionalInterface
public interface CurrentFiles {

    int MAX_BYTES = 256 * 1024;

    /** The current text of {@code path} on {@code host}, or empty when it does not exist or cannot be shown. */
    Optional<String> read(String host, String path);

    CurrentFiles NONE = (host, path) -> Optional.empty();

    CurrentFiles LOCAL = (host, path) -> {
        if (!"local".equals(host) || path == null) return Optional.empty();
        try {
            Path p = Path.of(path);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_BYTES) return Optional.empty();
            byte[] bytes;
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) return Optional.empty();
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    };
}
