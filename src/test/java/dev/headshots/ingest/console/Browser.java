package dev.headshots.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Debian's {@code /usr/bin/chromedriver} (Selenium Manager cannot download anything
 * here), pointed at the test instance on port 8081, with what the console's browser tests share: signing in, axe-core (Deque's
 * {@code axe.min.js} from Maven Central, injected into the page under test), screenshots under {@code target/console/}, and
 * Chromium's network log (to count the bytes a page transferred).
 */
final class Browser implements AutoCloseable {

    static final String BASE = "http://localhost:8081";
    static final Path SCREENSHOTS = Path.of("target", "console");
    private static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    final ChromeDriver driver;

    Browser(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--disable-extensions", "--no-first-run");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    Browser() {
        this(1280, 900);
    }

    /** A wait that reads again an element the live refresh replaced meanwhile. */
    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The state of tile {@code index} of a job's page, read in one step (the live refresh may replace the tile). */
    String tileState(int index) {
        return (String) script("const t = document.getElementById('tile-' + arguments[0]);"
                + " return t === null ? null : t.getAttribute('data-state');", index);
    }

    void open(String path) {
        driver.get(BASE + path);
    }

    /** Signs in with {@code key} through the form, as an operator would. */
    void signIn(String key) {
        open("/console/sign-in");
        driver.findElement(By.id("key")).sendKeys(key);
        submit("form.card button[type=submit]");
    }

    /** Clicks the button {@code css} of a form and waits until the page it posted to has replaced this one. */
    void submit(String css) {
        WebElement button = find(css);
        button.click();
        waiting(Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(button));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Saves a screenshot of the whole page as {@code target/console/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe-core on the current page and asserts that it finds no serious or critical violation. */
    void assertAccessible(String page) {
        script(axe());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.filter("
                        + "v => v.impact === 'serious' || v.impact === 'critical').map(v => ({ id: v.id, impact: v.impact,"
                        + " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))))"
                        + ".catch(e => done([{ id: 'axe-error', help: String(e) }]));");
        assertThat(violations).as("serious or critical axe-core violations on " + page).isEmpty();
    }

    /** Bytes Chromium received over the network since the last call (responses' encoded lengths), from its network log. */
    long transferredBytes() {
        long total = 0;
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            String message = entry.getMessage();
            if (message.contains("\"Network.loadingFinished\"")) {
                int at = message.indexOf("\"encodedDataLength\":");
                if (at >= 0) {
                    int from = at + "\"encodedDataLength\":".length();
                    int to = from;
                    while (to < message.length() && (Character.isDigit(message.charAt(to)) || message.charAt(to) == '.')) {
                        to++;
                    }
                    total += (long) Double.parseDouble(message.substring(from, to));
                }
            }
        }
        return total;
    }

    private static String axe() {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            assertThat(in).as("axe.min.js of com.deque.html.axe-core:selenium on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
