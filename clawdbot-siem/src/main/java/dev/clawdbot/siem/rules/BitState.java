package dev.clawdbot.siem.rules;

import java.util.Arrays;

/**
 * The fast path of {@link OsRegex} for lines of ordinary length (RE2's "bit-state" engine): a depth-first walk of
 * the program in priority order that marks each (instruction, position) pair it enters and never enters one twice.
 * A pair that led nowhere from an earlier start leads nowhere again (no instruction depends on anything but the
 * instruction and the position), so the walk does at most {@code program × (line + 1)} steps whatever the pattern
 * and the line: linear in the line, like the Pike VM, with no exponential case. The first {@code MATCH} reached is
 * the highest-priority match, the one the Pike VM reports (leftmost start, then alternative order, then the
 * lazy/greedy preference of each repetition).
 *
 * <p>Why faster: captures live in one array restored on the way back (the VM copies a capture array at each
 * {@code SAVE}), and a 40-character sshd tail takes a few hundred steps without allocating. The marks take
 * {@code joins × (line + 1)} bits (see {@link #markRows}); past {@link #MAX_BITS} (32 KiB of marks, e.g. a pattern
 * with 10 joins on a 26,000-character line) the caller runs the Pike VM instead, so memory stays bounded per thread.
 */
final class BitState {

    /** The most marks one search may use: 32 KiB per thread. */
    static final int MAX_BITS = 256 * 1024;

    /**
     * The deepest job stack one search may build (512 KiB per thread). A greedy repetition at the end of a pattern
     * leaves one job per character it consumes, so a long line can get there; the caller then runs the Pike VM.
     */
    static final int MAX_JOBS = 64 * 1024;

    /** What {@link #search} returns when the job stack would pass {@link #MAX_JOBS}. */
    static final int[] TOO_DEEP = new int[0];

    private static final ThreadLocal<BitState> SCRATCH = ThreadLocal.withInitial(BitState::new);

    private long[] visited = new long[64];
    /** The job stack: an instruction and a position to continue from, or (pc < 0) a capture slot to restore. */
    private int[] jobPc = new int[64];
    private int[] jobArg = new int[64];
    private int top;
    private int[] caps = new int[2];
    /**
     * The words of {@code visited} the last search marked, each once (a word is listed when it first gets a bit):
     * only they need clearing for the next one. A failed search marks a handful of words scattered over rows that are
     * each a line long, so clearing the span between the first and the last (as before) cleared mostly zeros.
     */
    private int[] dirty = new int[64];
    private int dirtyCount;

    private BitState() {
    }

    /** Whether the marks for {@code rows} marked instructions over {@code length} characters fit the bound. */
    static boolean fits(int rows, int length) {
        return (long) rows * (length + 1) <= MAX_BITS;
    }

    /**
     * Which instructions need marks, as a row number each (-1 for none): those entered from other than exactly one
     * place (the start, loop heads, the shared {@code MATCH}). Any other instruction has a single predecessor, so
     * it is entered at a position at most as often as that predecessor is, and by induction at most once: marking
     * the joins alone keeps the bound while the sshd patterns need 5 to 10 times fewer marks to clear.
     */
    static int[] markRows(int[] op, int[] a, int[] b) {
        int[] in = new int[op.length + 1];
        in[0]++;
        for (int pc = 0; pc < op.length; pc++) {
            switch (op[pc]) {
                case OsRegex.SPLIT -> {
                    if (a[pc] == -2) {
                        in[pc + 1]++;
                    } else {
                        in[a[pc]]++;
                        in[b[pc]]++;
                    }
                }
                case OsRegex.JMP -> in[a[pc]]++;
                case OsRegex.MATCH -> {
                }
                default -> in[pc + 1]++;
            }
        }
        int[] rows = new int[op.length];
        int n = 0;
        for (int pc = 0; pc < op.length; pc++) rows[pc] = in[pc] == 1 ? -1 : n++;
        return rows;
    }

    /**
     * The highest-priority match of {@code prog} in {@code s} from {@code from} on (the layout of
     * {@link OsRegex#find(CharSequence, int)}), trying the starts {@code prog} allows from left to right; null when
     * none, {@link #TOO_DEEP} when the search gave up. The caller checked {@link #fits} for the {@code s.length() - from}
     * characters searched.
     */
    static int[] search(OsRegex prog, CharSequence s, int from) {
        return SCRATCH.get().run(prog, s, from);
    }

    private int[] run(OsRegex prog, CharSequence s, int from) {
        int len = s.length();
        int words = (int) (((long) prog.markCount() * (len - from + 1) + 63) >>> 6);
        for (int i = 0; i < dirtyCount; i++) visited[dirty[i]] = 0L;
        dirtyCount = 0;
        if (visited.length < words) {
            visited = new long[Math.max(words, visited.length * 2)];
            dirty = new int[visited.length];
        }
        int slots = 2 + 2 * prog.groups();
        if (caps.length < slots) caps = new int[slots];
        Arrays.fill(caps, 0, slots, -1);
        for (int start = from; start <= len; start++) {
            if (prog.canStart(s, start, from)) {
                int[] m = tryFrom(prog, s, from, start, len, slots);
                if (m != null) return m;
            }
            if (prog.onlyAtZero()) break;
        }
        return null;
    }

    private int[] tryFrom(OsRegex prog, CharSequence s, int from, int start, int len, int slots) {
        int[] op = prog.op();
        int[] a = prog.a();
        int[] b = prog.b();
        int[] rows = prog.markRows();
        int width = len - from + 1;
        long[] marks = visited;
        top = 0;
        push(0, start);
        while (top > 0) {
            top--;
            int pc = jobPc[top];
            int pos = jobArg[top];
            if (pc < 0) {
                // Undo a SAVE on the way back: the slot gets the value it had before.
                caps[-1 - pc] = pos;
                continue;
            }
            while (true) {
                int row = rows[pc];
                if (row >= 0) {
                    int bit = row * width + pos - from;
                    int word = bit >>> 6;
                    long mask = 1L << bit;
                    long w = marks[word];
                    if ((w & mask) != 0) break;
                    if (w == 0) dirty[dirtyCount++] = word;
                    marks[word] = w | mask;
                }
                int code = op[pc];
                if (code == OsRegex.CHAR) {
                    if (pos >= len || lower(s.charAt(pos)) != a[pc]) break;
                    pc++;
                    pos++;
                } else if (code == OsRegex.CLASS) {
                    if (pos >= len || !OsRegex.inClass((char) a[pc], s.charAt(pos))) break;
                    pc++;
                    pos++;
                } else if (code == OsRegex.SPLIT) {
                    if (a[pc] == -2) {
                        // '^': an anchored alternative goes on only from where the search started.
                        if (start != from) break;
                        pc++;
                    } else {
                        int first = a[pc];
                        // A lazy repetition prefers to stop; when what follows is a literal the next character is not,
                        // that branch fails on its first step (marking nothing that matters: it fails there from any
                        // start), so the walk goes straight to the repetition instead of pushing it and popping it back.
                        if (op[first] == OsRegex.CHAR && (pos >= len || lower(s.charAt(pos)) != a[first])) {
                            pc = b[pc];
                            continue;
                        }
                        if (top == jobPc.length && !grow()) return TOO_DEEP;
                        jobPc[top] = b[pc];
                        jobArg[top++] = pos;
                        pc = first;
                    }
                } else if (code == OsRegex.JMP) {
                    pc = a[pc];
                } else if (code == OsRegex.SAVE) {
                    if (!push(-1 - a[pc], caps[a[pc]])) return TOO_DEEP;
                    caps[a[pc]] = pos;
                    pc++;
                } else if (code == OsRegex.END) {
                    if (pos != len) break;
                    pc++;
                } else {
                    int[] m = Arrays.copyOf(caps, slots);
                    m[0] = start;
                    m[1] = pos;
                    // Leave the slots clean for the next search on this thread.
                    Arrays.fill(caps, 0, slots, -1);
                    return m;
                }
            }
        }
        return null;
    }

    /** {@link Character#toLowerCase(char)}, without the table look-up for ASCII (most log text). */
    private static int lower(char c) {
        if (c < 128) return c >= 'A' && c <= 'Z' ? c + 32 : c;
        return Character.toLowerCase(c);
    }

    /** Pushes a job; false when the stack is at {@link #MAX_JOBS}. */
    private boolean push(int pc, int arg) {
        if (top == jobPc.length && !grow()) return false;
        jobPc[top] = pc;
        jobArg[top++] = arg;
        return true;
    }

    /** Doubles the job stack; false when it is at {@link #MAX_JOBS} already. */
    private boolean grow() {
        if (top == MAX_JOBS) return false;
        jobPc = Arrays.copyOf(jobPc, Math.min(MAX_JOBS, top * 2));
        jobArg = Arrays.copyOf(jobArg, Math.min(MAX_JOBS, top * 2));
        return true;
    }
}
