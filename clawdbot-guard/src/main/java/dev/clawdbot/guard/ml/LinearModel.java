package dev.clawdbot.guard.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Logistic regression over {@link Features}. Stored gzip-compressed with weights quantised to 16 bits:
 * magic {@code CLGM}, format version, hash bits, bias, scale, then one short per bucket.
 */
public final class LinearModel {

    private static final int MAGIC = 0x434C474D;
    private static final int FORMAT = 1;
    private static final String RESOURCE = "/dev/clawdbot/guard/classifier.bin.gz";
    private static final String INDIRECT_RESOURCE = "/dev/clawdbot/guard/classifier-indirect.bin.gz";

    /** Per-thread feature buffer: scoring a 1 KB text would otherwise allocate 16 KB of indices, twice per message. */
    private static final ThreadLocal<Features.Vector> SCRATCH = ThreadLocal.withInitial(() -> new Features.Vector(4096));

    private final Features features;
    private final float[] weights;
    private final float bias;

    public LinearModel(int bits, float[] weights, float bias) {
        this.features = new Features(bits);
        if (weights.length != features.dimensions())
            throw new IllegalArgumentException("expected " + features.dimensions() + " weights, got " + weights.length);
        this.weights = weights;
        this.bias = bias;
    }

    /** The shipped model for direct messages. */
    public static LinearModel builtIn() {
        return resource(RESOURCE);
    }

    /** The shipped model for documents the agent reads (trained on documents with planted instructions). */
    public static LinearModel builtInIndirect() {
        return resource(INDIRECT_RESOURCE);
    }

    private static LinearModel resource(String name) {
        try (InputStream in = LinearModel.class.getResourceAsStream(name)) {
            return read(Objects.requireNonNull(in, name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The same weights with the bias shifted so that a text scoring {@code from} now scores {@code to}. */
    public LinearModel recalibrated(double from, double to) {
        double shift = logit(to) - logit(from);
        return new LinearModel(Integer.numberOfTrailingZeros(weights.length), weights, (float) (bias + shift));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    public static LinearModel load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    static LinearModel read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
        if (in.readInt() != MAGIC) throw new IOException("not a clawdbot classifier file (bad magic)");
        int format = in.readInt();
        if (format != FORMAT) throw new IOException("unsupported classifier format " + format + ", expected " + FORMAT);
        int bits = in.readInt();
        if (bits < 10 || bits > 24) throw new IOException("bad hash bits " + bits);
        float bias = in.readFloat();
        float scale = in.readFloat();
        float[] w = new float[1 << bits];
        // one bulk read: a readShort() per weight took 0.5-1 s for 2^18 weights in a cold JVM on the shared machine
        byte[] raw16 = in.readNBytes(2 * w.length);
        if (raw16.length != 2 * w.length) throw new IOException("truncated classifier file");
        java.nio.ShortBuffer shorts = java.nio.ByteBuffer.wrap(raw16).asShortBuffer();
        for (int i = 0; i < w.length; i++) w[i] = shorts.get(i) * scale;
        return new LinearModel(bits, w, bias);
    }

    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file)) {
            write(os);
        }
    }

    void write(OutputStream raw) throws IOException {
        float max = 1e-9f;
        for (float w : weights) max = Math.max(max, Math.abs(w));
        float scale = max / Short.MAX_VALUE;
        GZIPOutputStream gz = new GZIPOutputStream(raw);
        DataOutputStream out = new DataOutputStream(gz);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(Integer.numberOfTrailingZeros(weights.length));
        out.writeFloat(bias);
        out.writeFloat(scale);
        for (float w : weights) out.writeShort(Math.round(w / scale));
        out.flush();
        gz.finish();
    }

    public Features features() {
        return features;
    }

    /** Probability that the folded text is an injection. */
    public double score(String folded) {
        Features.Vector v = features.hashed(folded, SCRATCH.get());
        float scale = Features.scale(v.size);
        double z = bias;
        for (int k = 0; k < v.size; k++) z += weights[v.index[k]] * scale;
        return 1 / (1 + Math.exp(-z));
    }

    double score(Features.Vector v) {
        double z = bias;
        for (int k = 0; k < v.size; k++) z += weights[v.index[k]] * v.value[k];
        return 1 / (1 + Math.exp(-z));
    }
}
