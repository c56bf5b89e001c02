package dev.clawdbot.guard.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sequence classifier exported to ONNX (for example protectai/deberta-v3-base-prompt-injection-v2 or Llama Prompt
 * Guard 2) loaded from a local directory holding {@code model.onnx}, {@code tokenizer.json} and {@code config.json}.
 * Labels come from {@code id2label} in config.json: labels named like SAFE, BENIGN or LEGIT (or LABEL_0 of two) count as
 * benign and the score is the probability of all others. Inputs are fed by name ({@code input_ids},
 * {@code attention_mask}, {@code token_type_ids}), taken from config.json's {@code model_input_names} when present,
 * else from the model. Long texts are cut into windows of {@code maxTokens}; the text scores as its worst window.
 */
public final class TransformerClassifier implements AutoCloseable {

    private static final Pattern BENIGN = Pattern.compile("(?i)safe|benign|legit(imate)?|negative|clean|ok");

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Tokenizer tokenizer;
    private final SpecialTokens special;
    private final List<String> inputs;
    private final boolean[] benign;
    private final boolean multiLabel;
    private final int window;
    private final int maxChunks;

    private TransformerClassifier(OrtEnvironment env, OrtSession session, Tokenizer tokenizer, SpecialTokens special,
                                  List<String> inputs, boolean[] benign, boolean multiLabel, int maxTokens, int maxChunks) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.special = special;
        this.inputs = inputs;
        this.benign = benign;
        this.multiLabel = multiLabel;
        this.window = maxTokens - special.prefix().length - special.suffix().length;
        this.maxChunks = maxChunks;
        if (window < 1) throw new IllegalArgumentException("transformer.maxTokens " + maxTokens + " leaves no room beside the special tokens");
    }

    public static TransformerClassifier open(Path dir, int maxTokens, int maxChunks) {
        ObjectMapper json = new ObjectMapper();
        Path model = dir.resolve("model.onnx"), tok = dir.resolve("tokenizer.json"), cfg = dir.resolve("config.json");
        for (Path p : List.of(model, tok, cfg))
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("transformer.modelDir " + dir + ": missing " + p.getFileName());
        JsonNode config, tokenizerJson;
        try {
            config = json.readTree(cfg.toFile());
            tokenizerJson = json.readTree(tok.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("transformer.modelDir " + dir + ": " + e.getMessage(), e);
        }
        boolean[] benign = benignLabels(config, dir);
        Tokenizer tokenizer = openTokenizer(tok, tokenizerJson);
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(1);
            OrtSession session = env.createSession(model.toString(), opts);
            List<String> names = new ArrayList<>();
            JsonNode declared = config.path("model_input_names");
            if (declared.isArray()) declared.forEach(n -> names.add(n.asText()));
            else names.addAll(new LinkedHashSet<>(session.getInputNames()));
            Set<String> known = Set.of("input_ids", "attention_mask", "token_type_ids");
            for (String n : names)
                if (!known.contains(n)) throw new IllegalArgumentException("transformer.modelDir " + dir + ": unsupported model input " + n);
            if (!names.contains("input_ids")) throw new IllegalArgumentException("transformer.modelDir " + dir + ": the model takes no input_ids");
            return new TransformerClassifier(env, session, tokenizer, SpecialTokens.of(tokenizerJson), List.copyOf(names), benign,
                    "multi_label_classification".equals(config.path("problem_type").asText()), maxTokens, maxChunks);
        } catch (OrtException e) {
            tokenizer.close();
            throw new IllegalArgumentException("transformer.modelDir " + dir + ": ONNX Runtime cannot load model.onnx: " + e.getMessage(), e);
        }
    }

    /** The native HuggingFace tokenizer when its library loads, else the Java reader. */
    static Tokenizer openTokenizer(Path file, JsonNode json) {
        try {
            return new NativeTokenizer(file);
        } catch (IOException | RuntimeException | LinkageError nativeFailed) {
            return new JavaTokenizer(json);
        }
    }

    private static boolean[] benignLabels(JsonNode config, Path dir) {
        JsonNode id2label = config.path("id2label");
        int n = config.path("num_labels").asInt(id2label.size());
        if (n < 1) throw new IllegalArgumentException("transformer.modelDir " + dir + ": config.json has no id2label or num_labels");
        boolean[] benign = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            String label = id2label.path(String.valueOf(i)).asText("LABEL_" + i);
            benign[i] = BENIGN.matcher(label).matches();
            any |= benign[i];
        }
        if (!any && n == 2) benign[0] = true;
        return benign;
    }

    public String tokenizerKind() {
        return tokenizer.kind();
    }

    /** Probability that the text is an injection: the worst of its windows (head and tail windows when there are too many). */
    public double score(String text) {
        long[] ids = tokenizer.ids(text);
        List<long[]> chunks = new ArrayList<>();
        for (int start = 0; start < Math.max(ids.length, 1); start += window) chunks.add(Arrays.copyOfRange(ids, start, Math.min(ids.length, start + window)));
        if (chunks.size() > maxChunks) {
            List<long[]> kept = new ArrayList<>(chunks.subList(0, maxChunks - maxChunks / 2));
            kept.addAll(chunks.subList(chunks.size() - maxChunks / 2, chunks.size()));
            chunks = kept;
        }
        double worst = 0;
        for (long[] c : chunks) worst = Math.max(worst, scoreChunk(c));
        return worst;
    }

    private double scoreChunk(long[] body) {
        int len = special.prefix().length + body.length + special.suffix().length;
        long[] ids = new long[len];
        System.arraycopy(special.prefix(), 0, ids, 0, special.prefix().length);
        System.arraycopy(body, 0, ids, special.prefix().length, body.length);
        System.arraycopy(special.suffix(), 0, ids, special.prefix().length + body.length, special.suffix().length);
        long[] ones = new long[len], zeros = new long[len];
        Arrays.fill(ones, 1);
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (String name : inputs) {
                long[] data = switch (name) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> ones;
                    default -> zeros;
                };
                feed.put(name, OnnxTensor.createTensor(env, new long[][]{data}));
            }
            try (OrtSession.Result r = session.run(feed)) {
                OnnxValue v = r.get(0);
                float[] logits = ((float[][]) v.getValue())[0];
                return probability(logits);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    double probability(float[] logits) {
        if (logits.length == 1) return sigmoid(logits[0]);
        if (logits.length != benign.length)
            throw new IllegalStateException("model returned " + logits.length + " logits but config.json names " + benign.length + " labels");
        if (multiLabel) {
            double worst = 0;
            for (int i = 0; i < logits.length; i++) if (!benign[i]) worst = Math.max(worst, sigmoid(logits[i]));
            return worst;
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0, bad = 0;
        for (float l : logits) max = Math.max(max, l);
        for (int i = 0; i < logits.length; i++) {
            double e = Math.exp(logits[i] - max);
            sum += e;
            if (!benign[i]) bad += e;
        }
        return bad / sum;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session failed: " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
