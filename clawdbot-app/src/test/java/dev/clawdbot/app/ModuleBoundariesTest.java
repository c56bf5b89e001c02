package dev.clawdbot.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.clawdbot.core.events.EventCatalogue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module cut AGENTS.md describes, checked on the compiled main classes of every module (clawdbot-app's tests
 * see them all; bench is left out, as it measures internals on purpose): dependencies point one way, no package
 * cycles, and other modules reach a module only through the API packages listed here. A new cross-module use of
 * an internal package fails this test; widen the list on purpose, in the same change, or use the API.
 */
class ModuleBoundariesTest {

    /** Each module and the modules it may use (its Maven dependencies, minus what it does not need). */
    static final Map<String, Set<String>> MAY_USE = new TreeMap<>(Map.ofEntries(
            Map.entry("core", Set.of()),
            Map.entry("llm", Set.of("core")),
            Map.entry("guard", Set.of("core")),
            Map.entry("sandbox", Set.of("core")),
            Map.entry("mail", Set.of("core")),
            Map.entry("fleet", Set.of("core", "ops")),
            Map.entry("siem", Set.of("core")),
            Map.entry("testkit", Set.of("core")),
            Map.entry("agent", Set.of("core", "llm")),
            Map.entry("ops", Set.of("core", "agent")),
            Map.entry("channels", Set.of("core", "mail")),
            Map.entry("broker", Set.of("core", "llm", "mail", "fleet")),
            Map.entry("app", Set.of("core", "llm", "guard", "sandbox", "mail", "fleet", "siem", "agent", "ops", "channels", "broker"))));

    /**
     * The packages of each module that other modules may use; the rest is the module's own. Derived from the
     * cross-module uses of 2026-12-07, after the ops, siem and fleet merges (app.OpsSeams uses ops.checks,
     * ops.scheduler, siem.digest and broker.spool; broker's SSH executor uses fleet.ssh; app.FleetProbe and the admin
     * agent's host_check use fleet.remote; since the monitors merge app's gateway serves fleet.api and fleet.status,
     * and fleet's maintenance windows use ops.calendar). Since the package re-cut (issue 12, 2026-12-08) app reaches
     * the broker's request model and RequestCodec in broker.request and BrokerServices in broker.role. Core's packages
     * are all API (it is the shared SPI); nobody uses app.
     */
    static final Map<String, List<String>> API = new TreeMap<>(Map.ofEntries(
            Map.entry("llm", List.of("dev.clawdbot.llm")),
            Map.entry("guard", List.of("dev.clawdbot.guard", "dev.clawdbot.guard.cli", "dev.clawdbot.guard.http")),
            Map.entry("sandbox", List.of("dev.clawdbot.sandbox", "dev.clawdbot.sandbox.cli", "dev.clawdbot.sandbox.tools")),
            Map.entry("mail", List.of("dev.clawdbot.mail")),
            Map.entry("fleet", List.of("dev.clawdbot.fleet.api", "dev.clawdbot.fleet.cli", "dev.clawdbot.fleet.hosts", "dev.clawdbot.fleet.monitor",
                    "dev.clawdbot.fleet.remote", "dev.clawdbot.fleet.ssh", "dev.clawdbot.fleet.status")),
            Map.entry("siem", List.of("dev.clawdbot.siem", "dev.clawdbot.siem.cli", "dev.clawdbot.siem.digest", "dev.clawdbot.siem.response",
                    "dev.clawdbot.siem.rules")),
            Map.entry("agent", List.of("dev.clawdbot.agent", "dev.clawdbot.agent.cli", "dev.clawdbot.agent.doctor")),
            Map.entry("ops", List.of("dev.clawdbot.ops", "dev.clawdbot.ops.calendar", "dev.clawdbot.ops.checks", "dev.clawdbot.ops.cli",
                    "dev.clawdbot.ops.scheduler", "dev.clawdbot.ops.secrets")),
            Map.entry("channels", List.of("dev.clawdbot.channels", "dev.clawdbot.channels.cli", "dev.clawdbot.channels.mail",
                    "dev.clawdbot.channels.telegram", "dev.clawdbot.channels.voice")),
            Map.entry("broker", List.of("dev.clawdbot.broker", "dev.clawdbot.broker.admin", "dev.clawdbot.broker.bridge",
                    "dev.clawdbot.broker.cli", "dev.clawdbot.broker.exec", "dev.clawdbot.broker.render", "dev.clawdbot.broker.request",
                    "dev.clawdbot.broker.role", "dev.clawdbot.broker.spool")),
            Map.entry("app", List.of())));

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/clawdbot-bench/"))
                // Test jars (fleet's RealSshd fixture, llm's scripted router): DO_NOT_INCLUDE_TESTS only knows
                // test-classes folders, and `verify` puts the packaged -tests.jar on the class path instead.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.clawdbot");
    }

    static Stream<String> modules() {
        return MAY_USE.keySet().stream();
    }

    static String pkg(String module) {
        return "dev.clawdbot." + module + "..";
    }

    /** A new module (a new package under dev.clawdbot) must be given its allowed dependencies and its API here. */
    @Test
    void everyModuleIsListed() {
        Set<String> found = classes.stream().map(c -> c.getPackageName().split("\\.")[2]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(MAY_USE.keySet()).containsAll(found);
        assertThat(API.keySet()).containsExactlyInAnyOrderElementsOf(found.stream().filter(m -> !m.equals("core") && !m.equals("testkit")).toList());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void dependenciesPointOneWay(String module) {
        String[] forbidden = MAY_USE.keySet().stream().filter(m -> !m.equals(module) && !MAY_USE.get(module).contains(m))
                .map(ModuleBoundariesTest::pkg).toArray(String[]::new);
        noClasses().that().resideInAPackage(pkg(module))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("AGENTS.md: core knows no module, only app knows all; " + module + " may use " + MAY_USE.get(module))
                .check(classes);
    }

    @Test
    void noModuleCycles() {
        slices().matching("dev.clawdbot.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * No package cycles in any module (the last exceptions, broker, channels and ops, were re-cut in issue 12; the
     * order of their packages is in docs/architecture.md). A module's event catalogue ({@code AppEvents},
     * {@code SiemEvents}...) sits in its root package and is read by every subpackage that emits: a table of
     * constants, not a design dependency, so it closes no cycle here.
     */
    @Test
    void noPackageCycles() {
        slices().matching("dev.clawdbot.(**)").should().beFreeOfCycles()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), assignableTo(EventCatalogue.class))
                .check(classes);
    }

    static Stream<String> modulesWithApi() {
        return API.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("modulesWithApi")
    void otherModulesUseOnlyTheApi(String module) {
        String[] api = API.get(module).toArray(String[]::new);
        noClasses().that().resideOutsideOfPackage(pkg(module))
                .should().dependOnClassesThat(resideInAPackage(pkg(module)).and(not(resideInAnyPackage(api))))
                .because(module + "'s API is " + Arrays.toString(api) + "; the rest of it is its own")
                .check(classes);
    }
}
