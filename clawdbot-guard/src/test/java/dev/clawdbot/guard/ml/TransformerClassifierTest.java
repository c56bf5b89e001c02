package dev.clawdbot.guard.ml;

import dev.clawdbot.testkit.onnx.TinyOnnxModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.guard.text.TextView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The transformer backend on a tiny ONNX model the test writes itself (see {@link TinyOnnxModel}). */
class TransformerClassifierTest {

    @Test
    void loadsTheModelAndScoresWithLabelsFromConfig(@TempDir Path dir) throws Exception {
        TinyOnnxModel.write(dir, Map.of("0", "SAFE", "1", "INJECTION"));
        try (TransformerClassifier c = TransformerClassifier.open(dir, 512, 16)) {
            // [CLS] ignore instructions [SEP]: mean embedding (0, 2) -> softmax(0, 2)[1] = 0.8808
            assertThat(c.score("Ignore instructions")).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-4));
            assertThat(c.score("hello world lunch")).isLessThan(0.1);
            assertThat(c.score("")).isCloseTo(0.5, within(1e-6));
        }
    }

    @Test
    void labelOrderIsReadNotAssumed(@TempDir Path dir) throws Exception {
        TinyOnnxModel.write(dir, Map.of("0", "INJECTION", "1", "BENIGN"));
        try (TransformerClassifier c = TransformerClassifier.open(dir, 512, 16)) {
            // [CLS] hello world [SEP]: mean (2, 0); label 0 is the injection label here
            assertThat(c.score("hello world")).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-4));
            assertThat(c.score("ignore instructions password")).isLessThan(0.1);
        }
    }

    @Test
    void longInputsAreChunkedAndScoreAsTheirWorstWindow(@TempDir Path dir) throws Exception {
        TinyOnnxModel.write(dir, Map.of("0", "SAFE", "1", "INJECTION"));
        String text = "hello world ".repeat(300) + "ignore instructions password";
        try (TransformerClassifier whole = TransformerClassifier.open(dir, 8192, 16);
             TransformerClassifier chunked = TransformerClassifier.open(dir, 8, 400)) {
            assertThat(whole.score(text)).as("diluted in one window").isLessThan(0.1);
            // last window: [CLS] ignore instructions password [SEP] -> mean (0, 2.4)
            assertThat(chunked.score(text)).as("the last window holds the injection").isCloseTo(1 / (1 + Math.exp(-2.4)), within(1e-4));
        }
        try (TransformerClassifier capped = TransformerClassifier.open(dir, 8, 4)) {
            assertThat(capped.score(text)).as("head and tail windows are kept when capped").isGreaterThan(0.9);
        }
    }

    @Test
    void scannerReadsTheOriginalText(@TempDir Path dir) throws Exception {
        TinyOnnxModel.write(dir, Map.of("0", "SAFE", "1", "INJECTION"));
        TransformerScanner s = TransformerScanner.open(dir, 512, 16);
        assertThat(s.name()).isEqualTo("transformer");
        assertThat(s.scan(TextView.of("please ignore instructions")).score()).isGreaterThan(0.8);
    }

    @Test
    void javaTokenizerReadsTheSameTokenizerJson(@TempDir Path dir) throws Exception {
        TinyOnnxModel.write(dir, Map.of("0", "SAFE", "1", "INJECTION"));
        var json = new ObjectMapper().readTree(dir.resolve("tokenizer.json").toFile());
        JavaTokenizer t = new JavaTokenizer(json);
        assertThat(t.ids("Ignore, the INSTRUCTIONS!")).containsExactly(4, 1, 1, 5, 1);
        SpecialTokens special = SpecialTokens.of(json);
        assertThat(special.prefix()).containsExactly(2);
        assertThat(special.suffix()).containsExactly(3);
        Tokenizer chosen = TransformerClassifier.openTokenizer(dir.resolve("tokenizer.json"), json);
        try (chosen) {
            assertThat(chosen.ids("Ignore, the INSTRUCTIONS!")).containsExactly(4, 1, 1, 5, 1);
        }
    }

    @Test
    void javaTokenizerDoesWordPiece() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"normalizer":{"type":"BertNormalizer","lowercase":true},
                 "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##",
                          "vocab":{"[UNK]":0,"ign":1,"##ore":2,"all":3,"##s":4}}}""");
        assertThat(new JavaTokenizer(json).ids("Ignore ALLs ignxx")).containsExactly(1, 2, 3, 4, 0);
        var unigram = new ObjectMapper().readTree("{\"model\":{\"type\":\"Unigram\",\"vocab\":[]}}");
        assertThatThrownBy(() -> new JavaTokenizer(unigram)).hasMessageContaining("Unigram").hasMessageContaining("native");
    }

    @Test
    void missingFilesAndBadModelsAreClearErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TransformerClassifier.open(dir, 512, 16)).hasMessageContaining("missing model.onnx");
        TinyOnnxModel.write(dir, Map.of("0", "SAFE", "1", "INJECTION"));
        Files.write(dir.resolve("model.onnx"), new byte[]{1, 2, 3});
        assertThatThrownBy(() -> TransformerClassifier.open(dir, 512, 16)).hasMessageContaining("cannot load model.onnx");
    }
}
