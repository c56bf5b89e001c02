package dev.clawdbot.agent.doctor;

import dev.clawdbot.agent.QuarantinedTurns;
import dev.clawdbot.agent.SessionInfo;
import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.agent.StoredTurn;
import dev.clawdbot.agent.TurnValidator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Finds corruption in stored sessions and in JSONL transcripts, and with {@code fix} repairs files safely: a backup
 * first, then either the invalid tail is cut or the file is rewritten with bad records moved to
 * {@code <file>.quarantine} (valid records after the damage are kept); everything is fsynced. Files modified within
 * the active window, or locked by someone else, are skipped: they may still be being written.
 */
public final class SessionDoctor {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Duration activeWindow;

    public SessionDoctor(Clock clock, Duration activeWindow) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activeWindow = Objects.requireNonNull(activeWindow, "activeWindow");
    }

    /** Checks every stored session (archived ones too): each turn must replay to a model. Report only. */
    public Report checkStore(SessionStore store) {
        List<TranscriptDefect> findings = new ArrayList<>();
        for (SessionInfo s : store.list(true)) {
            String where = "db:" + s.key() + "#" + s.id();
            List<StoredTurn> turns;
            try {
                turns = store.turnsAfter(s.id(), 0);
            } catch (IllegalArgumentException e) {
                findings.add(new TranscriptDefect(where, 0, TranscriptDefect.Kind.INVALID_TURN, "unreadable message content: " + e.getMessage()));
                continue;
            }
            // A seq that repairStore quarantined is a gap by design (see QuarantinedTurns), not a missing turn.
            java.util.Set<Integer> quarantined = store.quarantined().seqs(s.id());
            int expected = 1;
            for (StoredTurn t : turns) {
                String problem = TurnValidator.problem(t.messages());
                if (problem != null) findings.add(new TranscriptDefect(where, t.seq(), TranscriptDefect.Kind.INVALID_TURN, problem));
                while (expected < t.seq() && quarantined.contains(expected)) expected++;
                if (t.seq() != expected) findings.add(new TranscriptDefect(where, t.seq(), TranscriptDefect.Kind.INVALID_TURN, "turn " + expected + " is missing"));
                expected = t.seq() + 1;
            }
        }
        return new Report(findings, List.of(), List.of());
    }

    /**
     * Repairs the store: each stored turn that would not replay is copied whole to the quarantine table and removed
     * from its session, one transaction per session; a session with a turn committed within the active window is
     * left alone. Returns one report per changed session ({@code db:<key>#<id>}), in session order.
     */
    public Map<String, Report> repairStore(SessionStore store) {
        Map<String, Report> repairs = new LinkedHashMap<>();
        for (QuarantinedTurns.SessionRepair r : store.quarantined().repair(activeWindow)) {
            String where = "db:" + r.sessionKey() + "#" + r.sessionId();
            List<TranscriptDefect> findings = r.turns().stream()
                    .map(t -> new TranscriptDefect(where, t.seq(), TranscriptDefect.Kind.INVALID_TURN, t.reason())).toList();
            List<String> actions = r.turns().stream().map(t -> where + ": turn " + t.seq() + " (" + t.messages()
                    + " message(s)) copied to agent_quarantined_turns #" + t.id() + " and removed from the session").toList();
            repairs.put(where, new Report(findings, actions, List.of()));
        }
        return repairs;
    }

    /** Checks a JSONL file or every {@code *.jsonl} file under a directory; repairs them when {@code fix} is set. */
    public Report checkPath(Path path, boolean fix) throws IOException {
        if (!Files.exists(path)) throw new IOException("no such file or directory: " + path);
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            }
        } else {
            files = List.of(path);
        }
        Report total = new Report(List.of(), List.of(), List.of());
        for (Path f : files) total = total.plus(checkFile(f, fix));
        return total;
    }

    private Report checkFile(Path file, boolean fix) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        Duration age = Duration.between(modified, clock.instant());
        if (age.compareTo(activeWindow) < 0) {
            return skipped(file + ": modified " + Math.max(0, age.toSeconds()) + " s ago, possibly still being written; skipped (try again later)");
        }
        try (FileChannel ch = FileChannel.open(file, fix ? new StandardOpenOption[]{StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new StandardOpenOption[]{StandardOpenOption.READ})) {
            FileLock lock;
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, !fix);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) return skipped(file + ": locked by another writer; skipped");
            try {
                return analyse(file, ch, fix);
            } finally {
                lock.release();
            }
        }
    }

    private Report analyse(Path file, FileChannel ch, boolean fix) throws IOException {
        byte[] bytes = readAll(ch);
        String where = file.toString();
        List<JsonlLines.Line> lines = JsonlLines.split(bytes);
        List<TranscriptDefect> findings = new ArrayList<>();
        int lastKept = -1;
        for (int i = 0; i < lines.size(); i++) if (!lines.get(i).kept().isEmpty()) lastKept = i;
        boolean midDamage = false;
        List<TranscriptChecks.Numbered> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonlLines.Line l = lines.get(i);
            boolean inTail = i > lastKept;
            if (l.nulBytes() > 0) findings.add(new TranscriptDefect(where, l.number(), TranscriptDefect.Kind.NUL_BYTES, l.nulBytes() + " NUL byte(s)"));
            if (l.merged()) findings.add(new TranscriptDefect(where, l.number(), TranscriptDefect.Kind.MERGED_RECORDS, l.kept().size() + " record(s) recovered"
                    + (l.bad().isEmpty() ? "" : ", a torn fragment of " + l.bad().getFirst().length() + " chars before them")));
            if (l.status() == JsonlLines.Status.BAD && !l.bad().isEmpty()) {
                findings.add(new TranscriptDefect(where, l.number(), inTail ? TranscriptDefect.Kind.TORN_TAIL : TranscriptDefect.Kind.INVALID_RECORD,
                        (inTail ? "incomplete record" : "not a JSON record") + " of " + (l.end() - l.start()) + " bytes"
                                + (l.terminated() ? "" : " without a final newline")));
            }
            if (!inTail && (l.status() == JsonlLines.Status.BAD || l.status() == JsonlLines.Status.REPAIRED)) midDamage = true;
            for (var r : l.records()) records.add(new TranscriptChecks.Numbered(l.number(), r));
        }
        TranscriptChecks.Result semantic = TranscriptChecks.check(where, records);
        findings.addAll(semantic.findings());
        findings.sort(java.util.Comparator.comparingInt(TranscriptDefect::line));
        boolean tailDamage = lastKept < lines.size() - 1 && lines.subList(lastKept + 1, lines.size()).stream()
                .anyMatch(l -> l.status() != JsonlLines.Status.BLANK || !l.terminated());
        int cutLine = semantic.openCallAtTailLine();
        if (!fix || (!midDamage && !tailDamage && cutLine == 0)) return new Report(findings, List.of(), List.of());
        return new Report(findings, repair(file, ch, bytes, lines, cutLine), List.of());
    }

    private List<String> repair(Path file, FileChannel ch, byte[] bytes, List<JsonlLines.Line> lines, int cutLine) throws IOException {
        List<String> actions = new ArrayList<>();
        Path backup = backup(file, bytes);
        actions.add(file + ": backed up to " + backup.getFileName());
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        ByteArrayOutputStream quarantine = new ByteArrayOutputStream();
        int dropped = 0;
        for (JsonlLines.Line l : lines) {
            boolean cut = cutLine > 0 && l.number() >= cutLine;
            for (String b : l.bad()) line(quarantine, b);
            if (cut) {
                for (String k : l.kept()) line(quarantine, k);
                dropped += l.kept().size();
                continue;
            }
            switch (l.status()) {
                case GOOD -> {
                    kept.write(bytes, l.start(), l.end() - l.start());
                    kept.write('\n');
                }
                case BLANK -> {
                    if (l.terminated()) {
                        kept.write(bytes, l.start(), l.end() - l.start());
                        kept.write('\n');
                    }
                }
                case REPAIRED -> {
                    for (String k : l.kept()) line(kept, k);
                }
                case BAD -> dropped++;
            }
        }
        if (quarantine.size() > 0) {
            Path q = file.resolveSibling(file.getFileName() + ".quarantine");
            try (FileChannel qc = FileChannel.open(q, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                writeFully(qc, quarantine.toByteArray());
                qc.force(true);
            }
            actions.add(file + ": moved " + quarantine.toString(StandardCharsets.UTF_8).lines().count() + " bad record(s) to " + q.getFileName());
        }
        byte[] out = kept.toByteArray();
        // When what stays is a byte-for-byte prefix of the file, cutting the tail in place is the whole repair.
        if (out.length <= bytes.length && java.util.Arrays.equals(out, 0, out.length, bytes, 0, out.length)) {
            ch.truncate(out.length);
            ch.force(true);
            actions.add(file + ": cut the invalid tail at byte " + out.length + " (" + (bytes.length - out.length) + " bytes removed)");
        } else {
            Path tmp = file.resolveSibling(file.getFileName() + ".doctor-tmp");
            try (FileChannel tc = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                writeFully(tc, out);
                tc.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(file);
            actions.add(file + ": rewrote with " + out.length + " bytes of valid records" + (dropped > 0 ? ", " + dropped + " line(s) removed" : ""));
        }
        return actions;
    }

    private Path backup(Path file, byte[] bytes) throws IOException {
        String base = file.getFileName() + ".bak-" + STAMP.format(clock.instant());
        Path b = file.resolveSibling(base);
        for (int i = 2; Files.exists(b); i++) b = file.resolveSibling(base + "-" + i);
        try (FileChannel bc = FileChannel.open(b, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(bc, bytes);
            bc.force(true);
        }
        fsyncDirectory(b);
        return b;
    }

    private static void line(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size > Integer.MAX_VALUE - 16) throw new IOException("file too large to check (" + size + " bytes)");
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        ch.position(0);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) break;
        }
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    private static void writeFully(FileChannel ch, byte[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) ch.write(buf);
    }

    private static void fsyncDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory for fsync; the file itself is already synced.
        }
    }

    private static Report skipped(String message) {
        return new Report(List.of(), List.of(), List.of(message));
    }
}
