package dev.clawdbot.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.fleet.monitor.MonitorState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public status page in headless system Chromium (as {@code WebChatBrowserTest}): only public monitors, a
 * sparkline per row, and a failing check's cause — HTML sent by the monitored server — shown as text, never markup.
 */
class StatusPageBrowserTest {
    @TempDir
    Path dir;

    @Test
    void publicMonitorsWithSparklinesAndEscapedCauses() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", ex -> {
            byte[] b = "{\"status\":\"<img src=x onerror=alert(1)>\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        api.start();
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort() + "/";
        Path config = Files.writeString(dir.resolve("clawdbot.yaml"), """
                monitors:
                  statusPage: { enabled: true, title: "Example & Co status" }
                  monitors:
                    - { name: website, type: HTTP, url: "http://127.0.0.1:%d/healthz", interval: PT0.2S, public: true }
                    - { name: api, type: HTTP, url: "%s", jsonPath: $.status, jsonValue: ok, interval: PT0.2S, retryInterval: PT0.2S, retries: 1, public: true }
                    - { name: internal-db, type: TCP, host: 127.0.0.1, port: %d, interval: PT0.2S }
                """.formatted(port, apiUrl, port));
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", Integer.toString(port));
        try (Server server = new Server(Settings.resolve(config, null, env), Clock.systemUTC()).start();
             Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Path.of(System.getProperty("clawdbot.chromium", "/usr/bin/chromium"))).setHeadless(true)
                     .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking")))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((server.monitorRole().state("website") != MonitorState.UP || server.monitorRole().state("api") != MonitorState.DOWN)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(600); // a few more checks for the sparklines
            HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(raw.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
            assertThat(raw.body()).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");

            Page page = browser.newPage();
            List<String> dialogs = new CopyOnWriteArrayList<>();
            page.onDialog(d -> {
                dialogs.add(d.message());
                d.dismiss();
            });
            page.navigate("http://127.0.0.1:" + port + "/status");
            assertThat(page.title()).isEqualTo("Example & Co status");
            assertThat(page.locator("tr[data-monitor]").count()).isEqualTo(2);
            assertThat(page.locator("tr[data-monitor=website] .state").innerText()).isEqualTo("UP");
            assertThat(page.locator("tr[data-monitor=api] .state").innerText()).startsWith("DOWN");
            assertThat(page.locator("tr[data-monitor=api] .cause").innerText())
                    .isEqualTo("$.status is \"<img src=x onerror=alert(1)>\", expected \"ok\"");
            assertThat(page.locator("img").count()).isZero();
            assertThat(page.locator("tr[data-monitor=internal-db]").count()).isZero();
            assertThat(page.content()).doesNotContain("internal-db");
            assertThat(page.locator("svg.sparkline polyline").count()).isEqualTo(2);
            assertThat(page.locator("#summary").innerText()).isEqualTo("Some systems are down.");
            assertThat(dialogs).isEmpty();
        } finally {
            api.stop(0);
        }
    }
}
