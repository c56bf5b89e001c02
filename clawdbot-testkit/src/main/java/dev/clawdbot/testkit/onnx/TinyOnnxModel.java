package dev.clawdbot.testkit.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds, byte by byte, a tiny ONNX sequence classifier and the files that go with it, so the transformer backend's
 * loading and inference code can be tested and benchmarked against a real model without downloading one. The graph is
 * {@code input_ids -> Gather(embedding) -> ReduceMean(axis 1) -> MatMul(W) -> logits}; {@code attention_mask} is
 * declared as an input, as exported BERT-style models do. Injection words embed towards label 1.
 */
public final class TinyOnnxModel {

    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "ignore", "instructions", "password", "hello", "world", "lunch");
    private static final int DIM = 2;

    private TinyOnnxModel() {
    }

    /** Writes model.onnx, tokenizer.json (WordLevel) and config.json with the given {@code id2label} into {@code dir}. */
    public static void write(Path dir, Map<String, String> id2label) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), model());
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < VOCAB.size(); i++) vocab.append(i == 0 ? "" : ",").append('"').append(VOCAB.get(i)).append("\":").append(i);
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"version":"1.0","truncation":null,"padding":null,
                 "added_tokens":[{"id":0,"content":"[PAD]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":1,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":2,"content":"[CLS]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":3,"content":"[SEP]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
                 "normalizer":{"type":"Lowercase"},
                 "pre_tokenizer":{"type":"Whitespace"},
                 "post_processor":{"type":"TemplateProcessing",
                   "single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
                   "pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],
                   "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}},
                 "decoder":null,
                 "model":{"type":"WordLevel","vocab":{%s},"unk_token":"[UNK]"}}
                """.formatted(vocab));
        StringBuilder labels = new StringBuilder();
        id2label.forEach((k, v) -> labels.append(labels.isEmpty() ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        Files.writeString(dir.resolve("config.json"), "{\"architectures\":[\"TinyForSequenceClassification\"],\"id2label\":{" + labels + "}}");
    }

    /** Embeddings: injection words point to label 1, ordinary words to label 0, special and unknown tokens to neither. */
    private static float[] embedding() {
        float[] e = new float[VOCAB.size() * DIM];
        for (int i = 0; i < VOCAB.size(); i++) {
            String w = VOCAB.get(i);
            boolean bad = w.equals("ignore") || w.equals("instructions") || w.equals("password");
            boolean good = w.equals("hello") || w.equals("world") || w.equals("lunch");
            e[i * DIM] = good ? 4f : 0f;
            e[i * DIM + 1] = bad ? 4f : 0f;
        }
        return e;
    }

    static byte[] model() {
        byte[] graph = concat(
                field(1, node(List.of("embedding", "input_ids"), "embedded", "gather", "Gather")),
                field(1, node(List.of("embedded"), "pooled", "mean", "ReduceMean", axes(), keepdims())),
                field(1, node(List.of("pooled", "weight"), "logits", "head", "MatMul")),
                field(2, str("tiny")),
                field(5, tensor("embedding", new long[]{VOCAB.size(), DIM}, embedding())),
                field(5, tensor("weight", new long[]{DIM, 2}, new float[]{1, 0, 0, 1})),
                field(11, valueInfo("input_ids", 7, "batch", "sequence")),
                field(11, valueInfo("attention_mask", 7, "batch", "sequence")),
                field(12, valueInfo("logits", 1, "batch", null)));
        byte[] opset = concat(field(1, str("")), varintField(2, 13));
        return concat(varintField(1, 8), field(2, str("clawdbot-test")), field(8, opset), field(7, graph));
    }

    private static byte[] node(List<String> inputs, String output, String name, String op, byte[]... attributes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String in : inputs) b.writeBytes(field(1, str(in)));
        b.writeBytes(field(2, str(output)));
        b.writeBytes(field(3, str(name)));
        b.writeBytes(field(4, str(op)));
        for (byte[] a : attributes) b.writeBytes(field(5, a));
        return b.toByteArray();
    }

    /** ReduceMean's attributes at opset 13: axes=[1], keepdims=0. */
    private static byte[] axes() {
        return concat(field(1, str("axes")), varintField(8, 1), varintField(20, 7));
    }

    private static byte[] keepdims() {
        return concat(field(1, str("keepdims")), varintField(3, 0), varintField(20, 2));
    }

    private static byte[] tensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) raw.putFloat(v);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (long d : dims) b.writeBytes(varintField(1, d));
        b.writeBytes(varintField(2, 1));
        b.writeBytes(field(8, str(name)));
        b.writeBytes(field(9, raw.array()));
        return b.toByteArray();
    }

    /** A tensor-typed value: elemType 7 = int64, 1 = float; dims named (symbolic) or, for the second, 2 when null. */
    private static byte[] valueInfo(String name, int elemType, String dim0, String dim1) {
        byte[] shape = concat(field(1, field(2, str(dim0))), field(1, dim1 == null ? varintField(1, 2) : field(2, str(dim1))));
        byte[] tensorType = concat(varintField(1, elemType), field(2, shape));
        return concat(field(1, str(name)), field(2, field(1, tensorType)));
    }

    private static byte[] str(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varint(b, (long) number << 3 | 2);
        varint(b, payload.length);
        b.writeBytes(payload);
        return b.toByteArray();
    }

    private static byte[] varintField(int number, long value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varint(b, (long) number << 3);
        varint(b, value);
        return b.toByteArray();
    }

    private static void varint(ByteArrayOutputStream b, long v) {
        while ((v & ~0x7FL) != 0) {
            b.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.write((int) v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }
}
