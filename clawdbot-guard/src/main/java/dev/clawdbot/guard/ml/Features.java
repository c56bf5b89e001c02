package dev.clawdbot.guard.ml;

/**
 * Hashed features of a folded text: character 3- to 5-grams (with a space added at both ends) and word
 * unigrams and bigrams, each hashed into {@code 2^bits} buckets. Values are scaled so the vector has roughly
 * unit length whatever the text's size. Every feature has the same value, so scoring needs only the indices
 * ({@link #hashed}); allocation-free apart from the output arrays, sized once from the text's length.
 */
public final class Features {

    /** Sparse vector: {@code size} valid entries in {@code index} and {@code value}. */
    public static final class Vector {
        public int[] index;
        public float[] value;
        public int size;

        Vector(int capacity) {
            index = new int[capacity];
        }

        void add(int i) {
            index[size++] = i;
        }
    }

    private final int mask;

    public Features(int bits) {
        if (bits < 10 || bits > 24) throw new IllegalArgumentException("bits must be within 10..24, was " + bits);
        this.mask = (1 << bits) - 1;
    }

    public int dimensions() {
        return mask + 1;
    }

    static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){1,8}");
    static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("(?:https?|ftp)://[^\\s)\\]>\"']{1,2048}");

    /**
     * Replaces e-mail addresses, URLs and numbers with tokens, so the model learns that a message asks to send
     * something to an address, not which addresses or numbers happened to appear in the training data.
     */
    static String canonical(String folded) {
        String s = folded.indexOf('@') >= 0 ? replaceEmails(folded) : folded;
        if (s.contains("://")) s = replaceUrls(s);
        return zeroDigits(s);
    }

    /**
     * {@code EMAIL.matcher(s).replaceAll(" emailaddr ")}, but the regex is tried only where a match can start: at the
     * leftmost local-part character, at most 64 before an {@code @}, not before the previous match's end. Searching
     * from every position instead costs up to 64 steps per character of a long word.
     */
    private static String replaceEmails(String s) {
        java.util.regex.Matcher m = EMAIL.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder out = null;
        int copied = 0;
        for (int at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
            int start = at;
            while (start > copied && start > at - 64 && localPart(s.charAt(start - 1))) start--;
            if (start == at || !m.region(start, s.length()).lookingAt()) continue;
            if (out == null) out = new StringBuilder(s.length());
            out.append(s, copied, start).append(" emailaddr ");
            copied = m.end();
            at = copied - 1;
        }
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }

    /**
     * {@code URL.matcher(s).replaceAll(" urladdr ")}, trying the regex only where it can start: at "https", "http" or
     * "ftp" right before a "://".
     */
    private static String replaceUrls(String s) {
        java.util.regex.Matcher m = URL.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder out = null;
        int copied = 0;
        for (int q = s.indexOf("://"); q >= 0; q = s.indexOf("://", Math.max(q + 1, copied))) {
            for (int start = q - 5; start <= q - 3; start++) {
                if (start < copied || !m.region(start, s.length()).lookingAt()) continue;
                if (out == null) out = new StringBuilder(s.length());
                out.append(s, copied, start).append(" urladdr ");
                copied = m.end();
                break;
            }
        }
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }

    private static boolean localPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** Every run of ASCII digits becomes one {@code 0} (regex {@code \\d+}). */
    private static String zeroDigits(String s) {
        int n = s.length();
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (digit && i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9' || digit && c != '0') {
                if (out == null) out = new StringBuilder(n).append(s, 0, i);
                out.append('0');
                while (i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9') i++;
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    public Vector extract(String text) {
        Vector v = hashed(text, null);
        v.value = new float[v.size];
        java.util.Arrays.fill(v.value, scale(v.size));
        return v;
    }

    /** The value of every feature of a text with {@code size} features. */
    static float scale(int size) {
        return (float) (1 / Math.sqrt(Math.max(1, size)));
    }

    /** Largest index array a thread keeps between texts (256 KB), so one huge text does not pin memory. */
    private static final int KEEP = 1 << 16;

    /**
     * The feature indices of a text, without values (see {@link #scale}); into {@code scratch} (which it empties) when
     * that is given and the text fits the size a thread may keep, else into a new vector.
     */
    Vector hashed(String text, Vector scratch) {
        String folded = canonical(text);
        int n = folded.length();
        // At most three character n-grams per position (n + 1 of them) and, per word, a unigram and a bigram.
        int capacity = 3 * (n + 1) + n + 1;
        Vector v;
        if (scratch == null || capacity > KEEP) {
            v = new Vector(capacity);
        } else {
            v = scratch;
            v.size = 0;
            if (v.index.length < capacity) v.index = new int[Math.max(capacity, Math.min(KEEP, 2 * v.index.length))];
        }
        for (int i = -1; i < n; i++) {
            int h = 0x811C9DC5;
            for (int len = 1; len <= 5 && i + len - 1 <= n; len++) {
                int j = i + len - 1;
                char c = j < 0 || j >= n ? ' ' : folded.charAt(j);
                h = (h ^ c) * 0x01000193;
                if (len >= 3) v.add(mix(h + len) & mask);
            }
        }
        int prev = 0;
        boolean hasPrev = false;
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(folded.charAt(i))) i++;
            if (i >= n) break;
            int h = 0x2F1D5B13;
            while (i < n && (Character.isLetterOrDigit(folded.charAt(i)) || folded.charAt(i) == '\'')) {
                h = (h ^ folded.charAt(i++)) * 0x01000193;
            }
            v.add(mix(h ^ 0x5bd1e995) & mask);
            if (hasPrev) v.add(mix(prev * 31 + h) & mask);
            prev = h;
            hasPrev = true;
        }
        return v;
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
