package dev.clawdbot.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpConfigTest {
    private static final String TOKEN = "0123456789abcdef0123";

    @Test
    void defaultsAreLoopbackAndSafe() {
        HttpConfig c = new HttpConfig(null, null, TOKEN, null, null, null, null);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.corsOrigins()).isEmpty();
        assertThat(c.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxConcurrentStreams()).isEqualTo(256);
        assertThat(c.replyTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> new HttpConfig(null, 70000, TOKEN, null, null, null, null)).hasMessageContaining("http.port");
        assertThatThrownBy(() -> new HttpConfig(null, null, "short", null, null, null, null))
                .hasMessageContaining("at least 16").hasMessageNotContaining("short");
        assertThatThrownBy(() -> new HttpConfig(null, null, "has a space in it!!", null, null, null, null))
                .hasMessageContaining("printable ASCII").hasMessageNotContaining("space in");
        assertThatThrownBy(() -> new HttpConfig(null, null, TOKEN, List.of("*"), null, null, null)).hasMessageContaining("http.corsOrigins");
        assertThatThrownBy(() -> new HttpConfig(null, null, TOKEN, null, 10L, null, null)).hasMessageContaining("http.maxBodyBytes");
        assertThatThrownBy(() -> new HttpConfig(null, null, TOKEN, null, null, 0, null)).hasMessageContaining("http.maxConcurrentStreams");
        assertThatThrownBy(() -> new HttpConfig(null, null, TOKEN, null, null, null, Duration.ZERO)).hasMessageContaining("http.replyTimeout");
    }

    @Test
    void tokenMayBeFilledInLaterButTheGatewayRefusesToStartWithout() {
        HttpConfig unresolved = new HttpConfig(null, null, " ", null, null, null, null);
        assertThat(unresolved.token()).isNull();
        assertThatThrownBy(() -> HttpGateway.builder(unresolved, (m, l) -> { }))
                .hasMessageContaining("http.token is not set").hasMessageContaining("CLAWDBOT_GATEWAY_TOKEN");
        assertThat(unresolved.withToken(TOKEN).token()).isEqualTo(TOKEN);
        assertThatThrownBy(() -> unresolved.withToken("short")).hasMessageContaining("at least 16");
    }

    @Test
    void toStringHidesTheToken() {
        assertThat(HttpConfig.defaults(TOKEN).toString()).doesNotContain(TOKEN).contains("token=***");
    }

    @Test
    void bindsFromYamlStyleJson() throws Exception {
        HttpConfig c = ApiJson.MAPPER.readValue("{\"port\":9090,\"token\":\"" + TOKEN + "\",\"corsOrigins\":[\"https://a.example\"]}",
                HttpConfig.class);
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.corsOrigins()).containsExactly("https://a.example");
        assertThat(c.host()).isEqualTo("127.0.0.1");
    }
}
