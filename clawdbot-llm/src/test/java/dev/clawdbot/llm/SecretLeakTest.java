package dev.clawdbot.llm;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.testkit.llm.Fault;
import dev.clawdbot.testkit.llm.FakeModelServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys never reach logs, events, exception messages or toString, even when a server echoes them back. */
class SecretLeakTest {

    static final String ANTHROPIC_KEY = "sk-ant-LEAKCHECK-7f3a9c2e1b0d";
    static final String OPENAI_KEY = "sk-LEAKCHECK-openai-55aa66bb";
    static final String AZURE_KEY = "azure-LEAKCHECK-header-9988";

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    FakeModelServer fake;

    @BeforeEach
    void capture() {
        logs.start();
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("dev.clawdbot")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        fake = FakeModelServer.start();
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("dev.clawdbot")).setLevel(ch.qos.logback.classic.Level.INFO);
        fake.close();
    }

    @Test
    void keysStayOutOfEverythingObservable() {
        List<Event> events = new CopyOnWriteArrayList<>();
        List<String> observed = new ArrayList<>();
        Map<String, ProviderConfig> p = new java.util.LinkedHashMap<>();
        p.put("anthropic", ProviderConfig.of("anthropic", fake.baseUrl(), ANTHROPIC_KEY).withRetries(1)
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(10)));
        p.put("azure", ProviderConfig.of("openai", fake.openAiBaseUrl(), OPENAI_KEY).withHeaders(Map.of("api-key", AZURE_KEY)).withRetries(0)
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(10)));
        ModelsConfig cfg = new ModelsConfig(p, "anthropic/claude-x", List.of("azure/gpt-4o"), null, null, null, false);
        ModelRouter router = Models.router(cfg, null, ProviderEnvironment.defaults().withEvents(events::add).withSleeper(d -> { }),
                LocalModelDetector.defaults());

        // Servers that echo the credential in their error text, plus every kind of stream fault.
        fake.enqueueFault(Fault.status(401, "invalid x-api-key " + ANTHROPIC_KEY));
        fake.enqueueFault(Fault.status(500, "upstream said " + ANTHROPIC_KEY));
        fake.enqueueFault(Fault.status(503, "bad key " + OPENAI_KEY + " / " + AZURE_KEY));
        for (Fault.Kind k : List.of(Fault.Kind.MERGED_EVENTS, Fault.Kind.STALL_MID_STREAM, Fault.Kind.DISCONNECT_MID_TOOL_CALL)) {
            fake.enqueueFault(new Fault(k, Duration.ofSeconds(2)));
        }
        for (int i = 0; i < 5; i++) {
            try {
                router.complete(new ModelRouter.RouteContext("dakota", "s", null), FailoverRouterTest.req(), StreamListener.NONE);
            } catch (ModelException e) {
                for (Throwable t = e; t != null; t = t.getCause()) observed.add(String.valueOf(t.getMessage()) + t);
            }
        }
        observed.addAll(router.status());
        observed.add(cfg.toString());
        observed.add(p.get("azure").toString());
        events.forEach(e -> observed.add(e.toString()));
        logs.list.forEach(e -> observed.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));

        assertThat(events).isNotEmpty();
        assertThat(logs.list).isNotEmpty();
        assertThat(observed).hasSizeGreaterThan(10);
        for (String s : observed) {
            assertThat(s).doesNotContain(ANTHROPIC_KEY).doesNotContain(OPENAI_KEY).doesNotContain(AZURE_KEY)
                    .doesNotContain("LEAKCHECK");
        }
        assertThat(String.join("\n", observed)).contains("***");
    }
}
