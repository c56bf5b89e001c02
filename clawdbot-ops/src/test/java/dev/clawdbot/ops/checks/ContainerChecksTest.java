package dev.clawdbot.ops.checks;

import dev.clawdbot.ops.engine.Engine;
import dev.clawdbot.ops.engine.EngineClient;
import dev.clawdbot.ops.engine.EngineFixtures;
import dev.clawdbot.ops.engine.FakeEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerChecksTest {
    /** 2026-12-07: nginx:1.25 (built 2023-11-14) is over 90 days old, acme/worker:2 (2026-11-29) is not. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T04:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Engine engine(FakeEngine fake) {
        return new Engine(new EngineClient(fake.socket(), Duration.ofSeconds(2), 1 << 20));
    }

    @Test
    void noSocketMeansNoContainerEngineNotAFailure() {
        Engine none = new Engine(new EngineClient(dir.resolve("docker.sock")));
        for (List<Finding> f : List.of(new ContainerHealth(none).check(), new ContainerAudit(none).check(),
                new ContainerHousekeeping(none, 90, ActionRequests.NONE, CLOCK).check())) {
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Finding.Severity.INFO);
                assertThat(x.message()).startsWith("no container engine");
            });
        }
    }

    @Test
    void dailyHealthWarnsAboutTheUnhealthyContainerWithItsLastProbeOutput() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            List<Finding> f = new ContainerHealth(engine(fake)).check();
            assertThat(f).filteredOn(x -> x.severity() == Finding.Severity.WARNING).singleElement().satisfies(x -> {
                assertThat(x.subject()).isEqualTo("worker");
                assertThat(x.message()).contains("unhealthy (7 failed checks in a row)").contains("Connection refused");
                assertThat(x.fix()).contains("docker logs --tail 50 worker");
            });
            assertThat(f).last().extracting(Finding::message).isEqualTo("2 running: 1 healthy, 0 without a health check");
        }
    }

    @Test
    void anEngineThatFailsIsAWarningNamingTheSocket() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            fake.fault("/containers/" + EngineFixtures.WORKER + "/json", FakeEngine.Fault.SERVER_ERROR);
            List<Finding> f = new ContainerHealth(engine(fake)).check();
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Finding.Severity.WARNING);
                assertThat(x.message()).contains("did not answer").contains("HTTP 500");
            });
        }
    }

    @Test
    void weeklyHousekeepingFilesOneBrokerRequestPerClassAndReportsImageAge() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            List<List<List<String>>> filed = new ArrayList<>();
            ActionRequests broker = (summary, rationale, argvs) -> {
                filed.add(argvs);
                return "r" + filed.size();
            };
            List<Finding> f = new ContainerHousekeeping(engine(fake), 90, broker, CLOCK).check();
            assertThat(filed).containsExactly(List.of(ContainerHousekeeping.PRUNE_IMAGES), List.of(ContainerHousekeeping.PRUNE_VOLUMES),
                    List.of(ContainerHousekeeping.PRUNE_CONTAINERS));
            assertThat(f).extracting(Finding::subject).containsExactly("dangling images", "unused volumes", "stopped containers", "images", "image age");
            assertThat(f.get(0).message()).isEqualTo("1 (70.0 MiB): 5c3f0e1d2a3b");
            assertThat(f.get(0).fix()).startsWith("broker request r1: approve it to run /usr/bin/docker image prune");
            assertThat(f.get(2).message()).contains("old-job (Exited (0) 5 weeks ago)");
            assertThat(f.get(3).message()).isEqualTo("70.0 MiB held by images no container uses");
            assertThat(f.get(4).message()).startsWith("2 of 3 images built more than 90 days ago: nginx:1.25 1118d, 5c3f0e1d2a3b");
            assertThat(fake.requests()).noneMatch(r -> r.startsWith("POST"));
        }
    }

    @Test
    void withoutABrokerTheFindingNamesTheCommand() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            List<Finding> f = new ContainerHousekeeping(engine(fake), 90, ActionRequests.NONE, CLOCK).check();
            assertThat(f.getFirst().fix()).isEqualTo("/usr/bin/docker image prune --force --filter dangling=true");
        }
    }

    @Test
    void monthlyAuditListsWhatEachContainerLacks() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            List<Finding> f = new ContainerAudit(engine(fake)).check();
            assertThat(f).filteredOn(x -> x.severity() == Finding.Severity.WARNING).singleElement().satisfies(x -> {
                assertThat(x.subject()).isEqualTo("old-job");
                assertThat(x.message()).contains("privileged");
            });
            assertThat(f).filteredOn(x -> x.subject().equals("worker")).singleElement().satisfies(x -> {
                assertThat(x.message()).isEqualTo("no memory limit, no CPU limit, no pids limit, writable root filesystem, capabilities not dropped");
                assertThat(x.fix()).startsWith("recreate with --memory --cpus --pids-limit --read-only --cap-drop ALL");
            });
            assertThat(f).noneMatch(x -> x.subject().equals("web"));
            assertThat(f).last().extracting(Finding::message).isEqualTo("3 containers audited, 1 fully confined");
        }
    }
}
