package dev.clawdbot.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.ml.ClassifierScanner;
import dev.clawdbot.guard.ml.LinearModel;
import dev.clawdbot.guard.text.TextView;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped detectors on the held-out set (data/eval.jsonl, never trained on). The bars are the target
 * for the built-in detectors together, and a floor for the classifier alone; docs/guard.md has the full table.
 */
class HeldOutEvaluationTest {

    private record Row(String text, boolean injection) {
    }

    private static List<Row> rows(String file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(Path.of("data", file)).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                JsonNode n = json.readTree(l);
                return new Row(n.get("text").asText(), n.get("label").asInt() == 1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void evalSetSharesNoTextWithTrainingSet() throws IOException {
        Set<String> train = new HashSet<>();
        rows("train.jsonl").forEach(r -> train.add(r.text()));
        assertThat(rows("eval.jsonl")).noneMatch(r -> train.contains(r.text()));
    }

    @Test
    void builtInDetectorsTogetherMeetTheTarget() throws IOException {
        Guard guard = Guard.create(GuardConfig.defaults(), EventSink.NONE, Clock.systemUTC());
        ClassifierScanner classifier = new ClassifierScanner(LinearModel.builtIn());
        int tp = 0, fn = 0, fp = 0, tn = 0, ctp = 0, cfp = 0;
        ContentSource src = new ContentSource("eval", "eval.jsonl");
        for (Row r : rows("eval.jsonl")) {
            GuardAnalysis a = guard.analyze(r.text(), src, Set.of("pii", "secrets", "urls"));
            boolean hit = !a.valid();
            boolean chit = classifier.scan(TextView.of(r.text())).score() >= 0.8;
            if (r.injection()) {
                if (hit) tp++; else fn++;
                if (chit) ctp++;
            } else {
                if (hit) fp++; else tn++;
                if (chit) cfp++;
            }
        }
        double recall = (double) tp / (tp + fn), fpr = (double) fp / (fp + tn);
        assertThat(recall).as("recall of patterns + classifier + invisible").isGreaterThanOrEqualTo(0.85);
        assertThat(fpr).as("false-positive rate").isLessThanOrEqualTo(0.02);
        assertThat((double) ctp / (tp + fn)).as("classifier alone recall").isGreaterThanOrEqualTo(0.7);
        assertThat((double) cfp / (fp + tn)).as("classifier alone FPR").isLessThanOrEqualTo(0.02);
    }
}
