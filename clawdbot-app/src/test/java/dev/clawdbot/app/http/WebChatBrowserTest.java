package dev.clawdbot.app.http;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.clawdbot.core.chat.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web chat page in headless Chromium against a real gateway. Uses the system Chromium (CI installs it);
 * Playwright's own browser download is disabled, and a missing Chromium fails the test rather than skipping it.
 */
class WebChatBrowserTest {
    static final Path CHROMIUM = Paths.get(System.getProperty("clawdbot.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOT = Paths.get(System.getProperty("java.io.tmpdir"), "clawdbot-webchat.png");
    private static final LocatorAssertions.ContainsTextOptions WAIT = new LocatorAssertions.ContainsTextOptions().setTimeout(15_000);

    private static Playwright playwright;
    private static Browser browser;
    private GatewayFixture gw = new GatewayFixture();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("Chromium not found at " + CHROMIUM + ": install it (apt-get install chromium) or pass -Dclawdbot.chromium=PATH")
                .isTrue();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private Page open() {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(900, 640));
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) consoleErrors.add(m.text());
        });
        page.onPageError(consoleErrors::add);
        page.navigate("http://127.0.0.1:" + gw.gateway.port() + "/");
        return page;
    }

    private static void login(Page page, String token) {
        page.locator("#token").fill(token);
        page.locator("#login-button").click();
    }

    @Test
    void streamedReplyAppearsIncrementallyAndModelTextIsNeverHtml() throws Exception {
        CountDownLatch partialSeen = new CountDownLatch(1);
        gw.chat.script((m, l) -> {
            l.onDelta("Hello ");
            l.onDelta("from Dakota. ");
            try {
                if (!partialSeen.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("test never saw the partial reply");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            l.onToolStarted("clock");
            l.onDelta("<img src=x onerror=alert(1)> done");
            l.onComplete(new Reply("k", "Hello from Dakota. <img src=x onerror=alert(1)> done\n```sh\necho <b>hi</b>\n```",
                    "fake/model", false, 3, 9));
        });
        Page page = open();
        assertThat(page.locator("#login")).isVisible();
        login(page, GatewayFixture.TOKEN);
        assertThat(page.locator("#status")).hasText("connected", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(15_000));

        page.locator("#input").fill("hi there");
        page.locator("#input").press("Enter");

        assertThat(page.locator(".msg.user")).containsText("hi there", WAIT);
        Locator reply = page.locator(".msg.assistant").last();
        assertThat(reply).containsText("Hello from Dakota.", WAIT);
        assertThat(reply).hasAttribute("data-state", "streaming");
        assertThat(reply.textContent()).doesNotContain("done");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT.resolveSibling("clawdbot-webchat-streaming.png")));
        partialSeen.countDown();

        assertThat(reply).hasAttribute("data-state", "done", new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
        assertThat(reply).containsText("<img src=x onerror=alert(1)> done");
        assertThat(reply.locator("img")).hasCount(0);
        assertThat(reply.locator("pre code")).hasText("echo <b>hi</b>\n");
        assertThat(reply.locator("b")).hasCount(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT));

        var sent = gw.chat.last();
        assertThat(sent.text()).isEqualTo("hi there");
        assertThat(sent.caller().channel()).isEqualTo("web");
        String peer = (String) page.evaluate("localStorage.getItem('clawdbot.peer')");
        assertThat(sent.caller().peer()).isEqualTo(peer).startsWith("web-");
        assertThat(consoleErrors).as("console errors (CSP violations would show here)").isEmpty();
        page.close();
    }

    @Test
    void pageReconnectsAfterTheGatewayRestarts() {
        Page page = open();
        login(page, GatewayFixture.TOKEN);
        LocatorAssertions.HasTextOptions wait = new LocatorAssertions.HasTextOptions().setTimeout(20_000);
        assertThat(page.locator("#status")).hasText("connected", wait);
        int port = gw.gateway.port();
        gw.close();
        assertThat(page.locator("#status")).containsText("reconnecting", WAIT);
        gw = new GatewayFixture(c -> c.withPort(port));
        assertThat(page.locator("#status")).hasText("connected", wait);
        page.locator("#input").fill("after restart");
        page.locator("#send").click();
        assertThat(page.locator(".msg.assistant").last()).containsText("echo: after restart", WAIT);
        page.close();
    }

    @Test
    void wrongTokenReturnsToTheLoginWithAMessage() {
        Page page = open();
        login(page, "wrong-token-0123456789");
        assertThat(page.locator("#login-error")).containsText("refused", WAIT);
        assertThat(page.locator("#chat")).isHidden();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT.resolveSibling("clawdbot-webchat-login.png")));
        assertThat(page.evaluate("sessionStorage.getItem('clawdbot.token')")).isNull();
        assertThat(gw.chat.received).isEmpty();
        page.close();
    }

    @Test
    void tokenSurvivesAReloadInTheSameTabAndTheSessionKeepsItsPeer() {
        Page page = open();
        login(page, GatewayFixture.TOKEN);
        assertThat(page.locator("#status")).hasText("connected", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        page.locator("#input").fill("/status");
        page.locator("#send").click();
        assertThat(page.locator(".msg.assistant").last()).containsText("echo: /status", WAIT);
        page.reload();
        assertThat(page.locator("#status")).hasText("connected", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        page.locator("#input").fill("again");
        page.locator("#send").click();
        assertThat(page.locator(".msg.assistant").last()).containsText("echo: again", WAIT);
        assertThat(gw.chat.received).hasSize(2);
        assertThat(gw.chat.received.get(0).caller().peer()).isEqualTo(gw.chat.received.get(1).caller().peer());
        page.close();
    }
}
