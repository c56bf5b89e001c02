package dev.clawdbot.guard.ml;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** HuggingFace tokenizers (Rust, through DJL's JNI binding): every model type tokenizer.json can describe. */
final class NativeTokenizer implements Tokenizer {

    private final HuggingFaceTokenizer tokenizer;

    NativeTokenizer(Path tokenizerJson) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }

    @Override
    public long[] ids(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    @Override
    public String kind() {
        return "native";
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
