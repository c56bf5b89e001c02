package dev.clawdbot.core.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * An immutable Aho-Corasick automaton over UTF-16 chars. Each state stores the length of the longest pattern
 * that ends there (directly or through its failure chain): every shorter match ending at the same position is
 * a suffix of it, so covering that one span per position covers all occurrences.
 */
final class AhoCorasick {

    private final char[][] keys;
    private final int[][] targets;
    private final int[] fail;
    private final int[] longest;
    /** One bit per char that starts some pattern: at the root, any other char stays at the root without a lookup. */
    private final long[] rootChars = new long[1024];
    private final int minLength;

    private AhoCorasick(char[][] keys, int[][] targets, int[] fail, int[] longest, int minLength) {
        this.keys = keys;
        this.targets = targets;
        this.fail = fail;
        this.longest = longest;
        this.minLength = minLength;
        for (char c : keys[0]) rootChars[c >>> 6] |= 1L << c;
    }

    static AhoCorasick build(List<String> patterns) {
        List<TreeMap<Character, Integer>> trie = new ArrayList<>();
        List<Integer> depthEnd = new ArrayList<>();
        trie.add(new TreeMap<>());
        depthEnd.add(0);
        int min = Integer.MAX_VALUE;
        for (String p : patterns) {
            if (p.isEmpty()) continue;
            min = Math.min(min, p.length());
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                Integer next = trie.get(s).get(p.charAt(i));
                if (next == null) {
                    next = trie.size();
                    trie.add(new TreeMap<>());
                    depthEnd.add(0);
                    trie.get(s).put(p.charAt(i), next);
                }
                s = next;
            }
            depthEnd.set(s, Math.max(depthEnd.get(s), p.length()));
        }
        int n = trie.size();
        char[][] keys = new char[n][];
        int[][] targets = new int[n][];
        for (int s = 0; s < n; s++) {
            TreeMap<Character, Integer> m = trie.get(s);
            keys[s] = new char[m.size()];
            targets[s] = new int[m.size()];
            int i = 0;
            for (var e : m.entrySet()) {
                keys[s][i] = e.getKey();
                targets[s][i++] = e.getValue();
            }
        }
        int[] fail = new int[n];
        int[] longest = new int[n];
        for (int s = 0; s < n; s++) longest[s] = depthEnd.get(s);
        AhoCorasick a = new AhoCorasick(keys, targets, fail, longest, min == Integer.MAX_VALUE ? Integer.MAX_VALUE : min);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets[0]) queue.add(child);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int i = 0; i < keys[s].length; i++) {
                int child = targets[s][i];
                int f = fail[s];
                int next;
                while ((next = a.child(f, keys[s][i])) < 0 && f != 0) f = fail[f];
                fail[child] = next >= 0 && next != child ? next : 0;
                longest[child] = Math.max(longest[child], longest[fail[child]]);
                queue.add(child);
            }
        }
        return a;
    }

    private int child(int state, char c) {
        int i = Arrays.binarySearch(keys[state], c);
        return i >= 0 ? targets[state][i] : -1;
    }

    String replace(String text, String mask) {
        if (text.length() < minLength) return text;
        int[] spans = null;
        int count = 0;
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (state == 0 && (rootChars[c >>> 6] & (1L << c)) == 0) continue;
            int next;
            while ((next = child(state, c)) < 0 && state != 0) state = fail[state];
            state = Math.max(next, 0);
            int len = longest[state];
            if (len == 0) continue;
            int start = i - len + 1;
            if (spans == null) spans = new int[16];
            while (count > 0 && start <= spans[2 * count - 1]) {
                start = Math.min(start, spans[2 * count - 2]);
                count--;
            }
            if (2 * count + 2 > spans.length) spans = Arrays.copyOf(spans, spans.length * 2);
            spans[2 * count] = start;
            spans[2 * count + 1] = i;
            count++;
        }
        if (count == 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int k = 0; k < count; k++) {
            out.append(text, from, spans[2 * k]).append(mask);
            from = spans[2 * k + 1] + 1;
        }
        return out.append(text, from, text.length()).toString();
    }
}
