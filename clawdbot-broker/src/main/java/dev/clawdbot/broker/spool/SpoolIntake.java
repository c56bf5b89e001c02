package dev.clawdbot.broker.spool;

import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.LinkOption;
import java.util.Map;
import java.nio.file.StandardOpenOption;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.io.InputStream;
import java.util.Set;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * The request spool: {@code inbox/} takes requests (written as a dot-named temp file, then renamed to
 * {@code *.json}), {@code processed/} keeps what was taken in, {@code rejected/} keeps malformed files
 * beside a {@code .reason} file. A file leaves {@code inbox/} only after the broker has committed it, so
 * nothing is lost while the broker is down or if it crashes mid-scan.
 */
public final class SpoolIntake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolIntake.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path inbox;
    private final Path processed;
    private final Path rejected;
    private final EventSink events;
    private final Clock clock;
    private WatchService watcher;
    private Thread watchThread;

    public SpoolIntake(Path spoolDir, EventSink events, Clock clock) {
        this.inbox = spoolDir.resolve("inbox");
        this.processed = spoolDir.resolve("processed");
        this.rejected = spoolDir.resolve("rejected");
        this.events = events;
        this.clock = clock;
    }

    /** A valid request file; {@code intakeKey} is stable across rescans of the same file. */
    public record Accepted(String intakeKey, String fileName, HostChangeRequest request) {
    }

    /** Writes a request into the inbox atomically; returns the file's name. */
    public String submit(HostChangeRequest request) throws IOException {
        Files.createDirectories(inbox);
        String name = "req-" + clock.instant().toEpochMilli() + "-" + HexFormat.of().formatHex(randomBytes()) + ".json";
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.write(tmp, RequestCodec.write(request));
        move(tmp, inbox.resolve(name));
        return name;
    }

    /**
     * Takes in every complete file: malformed ones go to {@code rejected/}; valid ones are offered to
     * {@code commit}, which must persist them (true) or report a duplicate (false) before the file moves.
     * Returns the accepted requests that were new.
     */
    public List<Accepted> scan(Predicate<Accepted> commit) throws IOException {
        Files.createDirectories(inbox);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(inbox)) {
            for (Path f : ds) {
                if (f.getFileName().toString().startsWith(".")) continue;
                String refusal = refusal(f);
                if (refusal != null) reject(f, refusal);
                else files.add(f);
            }
        }
        files.sort(null);
        List<Accepted> fresh = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".json")) {
                reject(f, "not a .json file (write a dot-named temp file, then rename it to NAME.json)");
                continue;
            }
            byte[] bytes;
            try {
                bytes = readNoFollow(f);
            } catch (IOException e) {
                LOG.warn("cannot read request file {}: {}", f, e.getMessage());
                continue;
            }
            HostChangeRequest r;
            try {
                r = RequestCodec.parse(bytes);
            } catch (IllegalArgumentException e) {
                reject(f, e.getMessage());
                continue;
            }
            Accepted a = new Accepted(name + ":" + RequestCodec.sha256(new String(bytes, StandardCharsets.UTF_8)), name, r);
            if (commit.test(a)) fresh.add(a);
            Files.createDirectories(processed);
            move(f, free(processed, name));
        }
        return fresh;
    }

    /**
     * Why a file in the inbox is not read at all, or null. A symbolic link, a hard link (more than one name) or a
     * file owned by someone other than the spool's owner or root could make the broker read something the
     * requester cannot; a FIFO or device could block the scan forever.
     */
    private String refusal(Path f) throws IOException {
        if (Files.isSymbolicLink(f)) return "symbolic links are not accepted; write the request file itself";
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return "not a regular file (a directory, FIFO, socket or device); write the request file itself";
        Map<String, Object> a = Files.readAttributes(f, "unix:nlink,uid", LinkOption.NOFOLLOW_LINKS);
        int links = (Integer) a.get("nlink");
        if (links != 1) return "the file has " + links + " hard links; write the request file itself (temp file, then rename)";
        int uid = (Integer) a.get("uid");
        int owner = (Integer) Files.getAttribute(inbox, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (uid != 0 && uid != owner) return "the file is owned by uid " + uid + ", not by the spool's owner (uid " + owner + ") or root";
        return null;
    }

    /** Starts watching the inbox; {@code onChange} runs for every event, overflow included (the caller rescans). */
    public synchronized void watch(Runnable onChange) throws IOException {
        Files.createDirectories(inbox);
        watcher = inbox.getFileSystem().newWatchService();
        inbox.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        WatchService w = watcher;
        watchThread = Thread.ofPlatform().daemon().name("broker-spool-watch").start(() -> {
            try {
                while (true) {
                    WatchKey key = w.take();
                    key.pollEvents();
                    key.reset();
                    onChange.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public synchronized void close() throws IOException {
        if (watcher != null) watcher.close();
        if (watchThread != null) watchThread.interrupt();
    }

    private void reject(Path f, String reason) throws IOException {
        Files.createDirectories(rejected);
        Path target = free(rejected, f.getFileName().toString());
        // The reason names what is wrong and where; RequestCodec keeps file content (tokens) out of it.
        Files.writeString(rejected.resolve(target.getFileName() + ".reason"), UntrustedText.inline(reason) + "\n");
        move(f, target);
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_REQUEST_REJECTED, "broker",
                "file", target.getFileName().toString(), "reason", reason.length() > 300 ? reason.substring(0, 300) : reason));
    }

    /** Reads at most one byte more than the size limit, refusing to follow a link swapped in after the listing. */
    private static byte[] readNoFollow(Path f) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(f, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             InputStream in = Channels.newInputStream(ch)) {
            return in.readNBytes(RequestCodec.MAX_FILE_BYTES + 1);
        }
    }

    private static Path free(Path dir, String name) {
        Path p = dir.resolve(name);
        for (int i = 1; Files.exists(p); i++) p = dir.resolve(name + "." + i);
        return p;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }
}
