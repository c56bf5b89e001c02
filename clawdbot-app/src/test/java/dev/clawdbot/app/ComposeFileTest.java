package dev.clawdbot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** compose.yaml applies the seed's container rules to the image that packaging/container/gateway-image builds. */
class ComposeFileTest {
    static final Path ROOT = SystemdUnitsTest.repoRoot();

    static JsonNode service() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("compose.yaml").toFile());
        assertThat(compose.path("services").size()).isEqualTo(1);
        return compose.path("services").path("clawdbot");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void rootIsReadOnlyWithNoCapabilitiesAndNoPrivilegeGain() throws IOException {
        JsonNode s = service();
        assertThat(s.path("read_only").asBoolean()).isTrue();
        assertThat(texts(s.path("cap_drop"))).containsExactly("ALL");
        assertThat(s.has("cap_add")).isFalse();
        assertThat(s.has("privileged")).isFalse();
        assertThat(texts(s.path("security_opt"))).contains("no-new-privileges:true");
    }

    @Test
    void runsAsTheImagesNonRootUser() throws IOException {
        assertThat(service().path("user").asText()).isEqualTo("10001:10001");
        assertThat(Files.readString(ROOT.resolve("packaging/container/gateway-image")))
                .contains("--change 'USER 10001:10001'", "--dir /var/lib/clawdbot=10001:10001:700");
    }

    @Test
    void memoryCpuAndProcessesAreLimited() throws IOException {
        JsonNode s = service();
        assertThat(s.path("mem_limit").asText()).isEqualTo("1g");
        assertThat(s.path("memswap_limit").asText()).isEqualTo("1g");
        assertThat(s.path("cpus").asDouble()).isBetween(0.1, 4.0);
        assertThat(s.path("pids_limit").asInt()).isBetween(16, 1024);
        assertThat(s.path("ulimits").path("nofile").path("hard").asInt()).isPositive();
    }

    @Test
    void ownNetworkAndLoopbackOnlyPort() throws IOException {
        JsonNode s = service();
        assertThat(texts(s.path("networks"))).containsExactly("clawdbot");
        assertThat(texts(s.path("ports"))).allMatch(p -> p.startsWith("127.0.0.1:"));
        assertThat(s.has("network_mode")).isFalse();
    }

    @Test
    void tmpIsASmallTmpfsAndTheDataDirIsAVolume() throws IOException {
        JsonNode s = service();
        assertThat(texts(s.path("tmpfs"))).singleElement().asString().startsWith("/tmp:").contains("nosuid", "nodev", "size=");
        assertThat(texts(s.path("volumes"))).contains("clawdbot-data:/var/lib/clawdbot");
        assertThat(s.path("environment").path("CLAWDBOT_DATA").asText()).isEqualTo("/var/lib/clawdbot");
    }
}
