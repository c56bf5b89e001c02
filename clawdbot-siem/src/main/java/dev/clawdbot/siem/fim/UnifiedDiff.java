package dev.clawdbot.siem.fim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unified diff ({@code diff -u} shape, 3 lines of context) of two texts. Common leading and trailing lines are
 * cut first; the rest is compared with an LCS table bounded to {@link #MAX_CELLS} cells (4 MiB), so a rewrite of a
 * large file costs a summary line instead of quadratic time. The output stops at {@link #MAX_OUTPUT} characters.
 */
final class UnifiedDiff {

    static final int MAX_CELLS = 1_000_000;
    static final int MAX_OUTPUT = 8 * 1024;
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    private record Op(char kind, String line, int oldLine, int newLine) {
    }

    static String diff(String path, String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        int pre = 0;
        while (pre < a.length && pre < b.length && a[pre].equals(b[pre])) pre++;
        int suf = 0;
        while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf].equals(b[b.length - 1 - suf])) suf++;
        int n = a.length - pre - suf;
        int m = b.length - pre - suf;
        if (n == 0 && m == 0) return "";
        StringBuilder out = new StringBuilder("--- a").append(path).append("\n+++ b").append(path).append('\n');
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            return out.append("@@ ").append(n).append(" lines replaced by ").append(m).append(" (too large to compare) @@\n").toString();
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < pre; i++) ops.add(new Op(' ', a[i], i, i));
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[pre + i].equals(b[pre + j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[pre + i].equals(b[pre + j])) {
                ops.add(new Op(' ', a[pre + i], pre + i, pre + j));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', a[pre + i], pre + i, pre + j));
                i++;
            } else {
                ops.add(new Op('+', b[pre + j], pre + i, pre + j));
                j++;
            }
        }
        for (int k = 0; k < suf; k++) ops.add(new Op(' ', a[pre + n + k], pre + n + k, pre + m + k));
        hunks(ops, out);
        return out.length() > MAX_OUTPUT ? out.substring(0, MAX_OUTPUT) + "\n[diff cut at " + MAX_OUTPUT + " characters]\n" : out.toString();
    }

    private static void hunks(List<Op> ops, StringBuilder out) {
        int k = 0;
        while (k < ops.size()) {
            while (k < ops.size() && ops.get(k).kind() == ' ') k++;
            if (k == ops.size()) return;
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // Extend while the next change is within 2 × context lines of the last one.
            int lastChange = k;
            while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
                if (ops.get(end).kind() != ' ') lastChange = end;
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int oldCount = 0;
            int newCount = 0;
            for (int x = start; x < end; x++) {
                if (ops.get(x).kind() != '+') oldCount++;
                if (ops.get(x).kind() != '-') newCount++;
            }
            Op first = ops.get(start);
            out.append("@@ -").append(first.oldLine() + (oldCount == 0 ? 0 : 1)).append(',').append(oldCount)
                    .append(" +").append(first.newLine() + (newCount == 0 ? 0 : 1)).append(',').append(newCount).append(" @@\n");
            for (int x = start; x < end; x++) out.append(ops.get(x).kind()).append(ops.get(x).line()).append('\n');
            if (out.length() > MAX_OUTPUT) return;
            k = end;
        }
    }

    private static String[] lines(String s) {
        if (s == null || s.isEmpty()) return new String[0];
        String[] parts = s.split("\n", -1);
        return s.endsWith("\n") ? Arrays.copyOf(parts, parts.length - 1) : parts;
    }
}
