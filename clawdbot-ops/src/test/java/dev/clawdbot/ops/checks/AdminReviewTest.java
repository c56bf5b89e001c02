package dev.clawdbot.ops.checks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdminReviewTest {
    private static final List<String> REPORT = List.of("WARNING disk / (ext4): 91% used, 2048 MiB free", "INFO containers image age: 2 images");

    @Test
    void theAgentReadsTheReportAndEachWellFormedProposalBecomesABrokerRequest() {
        List<String> prompts = new ArrayList<>();
        List<List<List<String>>> filed = new ArrayList<>();
        ActionRequests broker = (summary, rationale, argvs) -> {
            filed.add(argvs);
            assertThat(rationale).startsWith("Proposed by the admin agent (run adm_1234 (done)) after the daily maintenance report: ");
            return "req-" + filed.size();
        };
        String answer = """
                adm_1234 (done)
                The root filesystem is nearly full; the journal holds 1.5 GiB.
                REQUEST {"summary": "vacuum the journal to 200M", "rationale": "journal uses 1.5 GiB", "argv": ["/usr/bin/journalctl", "--vacuum-size=200M"]}
                REQUEST {"summary": "relative program", "argv": ["rm", "-rf", "/"]}
                REQUEST not json at all
                  REQUEST {"summary": "prune dangling images", "argv": ["/usr/bin/docker", "image", "prune", "--force"]}
                """;
        List<String> lines = new AdminReview(prompt -> {
            prompts.add(prompt);
            return answer;
        }, broker).review("daily", REPORT);
        assertThat(prompts).singleElement().asString().contains("The daily maintenance report", REPORT.get(0), "REQUEST {\"summary\"");
        assertThat(filed).containsExactly(List.of(List.of("/usr/bin/journalctl", "--vacuum-size=200M")),
                List.of(List.of("/usr/bin/docker", "image", "prune", "--force")));
        assertThat(lines).containsExactly("INFO admin review: run adm_1234 (done)",
                "INFO admin review: filed broker request req-1: vacuum the journal to 200M",
                "INFO admin review: filed broker request req-2: prune dangling images");
    }

    @Test
    void proposalsAreBoundedAndAFailedRunIsAWarningLine() {
        String many = "REQUEST {\"summary\": \"s\", \"argv\": [\"/bin/true\"]}\n".repeat(20);
        assertThat(AdminReview.proposals(many)).hasSize(AdminReview.MAX_PROPOSALS);
        assertThat(AdminReview.proposals("REQUEST {\"summary\": \"" + "x".repeat(9000) + "\", \"argv\": [\"/bin/true\"]}")).isEmpty();
        assertThat(new AdminReview(prompt -> {
            throw new IllegalStateException("no model configured");
        }, ActionRequests.NONE).review("weekly", REPORT)).containsExactly("WARNING admin review: the admin-agent run failed: no model configured");
        assertThat(new AdminReview(prompt -> "adm_9 (done)\nREQUEST {\"summary\": \"s\", \"argv\": [\"/bin/true\"]}", ActionRequests.NONE)
                .review("weekly", REPORT)).contains("INFO admin review: proposed (no broker to file it): /bin/true");
    }
}
