package dev.clawdbot.siem.rules;

import java.util.Arrays;

/**
 * The reference engine of {@link OsRegex}, used for lines too long for {@link BitState}'s marks: a Pike VM, all
 * threads advanced in step over the line, so time is linear in the line times the program whatever the input.
 * Threads are kept in priority order and a position reached twice keeps the earlier thread, which gives the
 * leftmost-first match (earlier start, then alternative order, then each repetition's lazy/greedy preference).
 */
final class PikeVm {

    private final OsRegex prog;
    /** The two thread lists of a run, reused by each calling thread (allocating them was a third of a short run). */
    private final ThreadLocal<Threads[]> lists;

    PikeVm(OsRegex prog) {
        this.prog = prog;
        int n = prog.op().length;
        int slots = 2 + 2 * prog.groups();
        this.lists = ThreadLocal.withInitial(() -> new Threads[]{new Threads(n, slots), new Threads(n, slots)});
    }

    /** The leftmost match in {@code s} from {@code from} on, or null (the layout of {@link OsRegex#find(CharSequence, int)}). */
    int[] search(CharSequence s, int from) {
        int slots = 2 + 2 * prog.groups();
        int[] op = prog.op();
        int[] a = prog.a();
        Threads[] pair = lists.get();
        Threads clist = pair[0];
        Threads nlist = pair[1];
        clist.clear();
        nlist.clear();
        int[] matched = null;
        int len = s.length();
        // Captures live in the lists' flat arrays; 'scratch' carries one thread's through add(), which copies on push.
        int[] scratch = clist.scratch;
        for (int pos = from; pos <= len; pos++) {
            if (matched == null && (pos == from || !prog.onlyAtZero()) && prog.canStart(s, pos, from)) {
                Arrays.fill(scratch, -1);
                scratch[0] = pos;
                add(clist, 0, pos, len, scratch, from);
            }
            if (clist.size == 0) {
                if (matched != null || prog.onlyAtZero()) break;
                clist.clear();
                continue;
            }
            char c = pos < len ? Character.toLowerCase(s.charAt(pos)) : 0;
            for (int t = 0; t < clist.size; t++) {
                int pc = clist.pc[t];
                switch (op[pc]) {
                    case OsRegex.CHAR -> {
                        if (pos < len && c == a[pc]) {
                            System.arraycopy(clist.caps, t * slots, scratch, 0, slots);
                            add(nlist, pc + 1, pos + 1, len, scratch, from);
                        }
                    }
                    case OsRegex.CLASS -> {
                        if (pos < len && OsRegex.inClass((char) a[pc], s.charAt(pos))) {
                            System.arraycopy(clist.caps, t * slots, scratch, 0, slots);
                            add(nlist, pc + 1, pos + 1, len, scratch, from);
                        }
                    }
                    case OsRegex.MATCH -> {
                        matched = Arrays.copyOfRange(clist.caps, t * slots, t * slots + slots);
                        matched[1] = pos;
                        // Lower-priority threads are cut: leftmost-first.
                        t = clist.size;
                    }
                    default -> {
                    }
                }
            }
            Threads tmp = clist;
            clist = nlist;
            nlist = tmp;
            nlist.clear();
        }
        return matched;
    }

    /** Follows SPLIT/JMP/SAVE/END from {@code pc}, adding the consuming or matching states reached. */
    private void add(Threads list, int pc, int pos, int len, int[] caps, int from) {
        int[] op = prog.op();
        int[] a = prog.a();
        int[] b = prog.b();
        if (list.onList[pc] == list.generation) return;
        list.onList[pc] = list.generation;
        switch (op[pc]) {
            case OsRegex.JMP -> add(list, a[pc], pos, len, caps, from);
            case OsRegex.SPLIT -> {
                if (a[pc] == -2) {
                    // '^' marker: only a thread that started where the search did continues.
                    if (caps[0] == from) add(list, pc + 1, pos, len, caps, from);
                } else {
                    add(list, a[pc], pos, len, caps, from);
                    add(list, b[pc], pos, len, caps, from);
                }
            }
            case OsRegex.SAVE -> {
                // Set for the rest of this path, restored for the caller's other branches (push copies the array).
                int slot = a[pc];
                int old = caps[slot];
                caps[slot] = pos;
                add(list, pc + 1, pos, len, caps, from);
                caps[slot] = old;
            }
            case OsRegex.END -> {
                if (pos == len) add(list, pc + 1, pos, len, caps, from);
            }
            default -> list.push(pc, caps);
        }
    }

    /** A thread list: program counters and, flat, {@code slots} capture positions per thread (no allocation per run). */
    private static final class Threads {
        final int[] pc;
        final int[] caps;
        final int[] onList;
        final int slots;
        final int[] scratch;
        int generation = 1;
        int size;

        Threads(int n, int slots) {
            this.slots = slots;
            pc = new int[n];
            caps = new int[n * slots];
            onList = new int[n];
            scratch = new int[slots];
        }

        void push(int p, int[] c) {
            pc[size] = p;
            System.arraycopy(c, 0, caps, size * slots, slots);
            size++;
        }

        void clear() {
            size = 0;
            if (++generation == 0) {
                // After 2^32 runs the marks would repeat: start them afresh.
                Arrays.fill(onList, 0);
                generation = 1;
            }
        }
    }
}
