package ge.wardops.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real headless Chromium (Debian's chromium and chromedriver) with a fresh profile, nothing
 * downloaded and no traffic but to the server under test. Missing Chromium fails the test: the
 * browser tests are part of what "done" means, so they never skip silently.
 */
public final class Chrome implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriver driver;

    public Chrome() throws IOException {
        assertTrue(Files.isExecutable(BINARY), "Chromium is not installed at " + BINARY
                + ": install the Debian packages chromium and chromium-driver (deployment/test.sh does)");
        assertTrue(Files.isExecutable(DRIVER), "chromedriver is not installed at " + DRIVER
                + ": install the Debian package chromium-driver (deployment/test.sh does)");
        profile = Files.createTempDirectory("wardops-chrome-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        // The driver named explicitly: Selenium Manager never runs, so nothing is fetched from the internet.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        // Every page records what the Content-Security-Policy blocked (kept across pages of the tab).
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "document.addEventListener('securitypolicyviolation', function (e) {"
                        + " var seen = JSON.parse(sessionStorage.getItem('wardops.csp') || '[]');"
                        + " seen.push(e.violatedDirective + ' ' + e.blockedURI + ' on ' + location.pathname);"
                        + " sessionStorage.setItem('wardops.csp', JSON.stringify(seen)); });"));
    }

    /** What the Content-Security-Policy blocked on the pages this browser opened so far (same origin). */
    public java.util.List<String> cspViolations() {
        Object seen = js("return sessionStorage.getItem('wardops.csp') || '[]';");
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(String.valueOf(seen)))) {
            return reader.readArray().getValuesAs(jakarta.json.JsonString::getString);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(URL base, String path) {
        driver.get(base + path);
    }

    /** Logs in through the login page as a person would, landing on {@code next}. */
    public void login(URL base, String user, String password, String next) {
        open(base, "login.xhtml?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        driver.findElement(By.id("login:username")).sendKeys(user);
        driver.findElement(By.id("login:password")).sendKeys(password);
        driver.findElement(By.id("login:submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/console/"));
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits (bounded) until {@code script} returns true in the page; false if it never does. */
    public boolean until(Duration limit, String script, Object... args) {
        try {
            new WebDriverWait(driver, limit, Duration.ofMillis(250)).until(d -> Boolean.TRUE.equals(js(script, args)));
            return true;
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
    }

    /** Saves what the browser shows to target/screenshots/{name}.png, for a person reading a failed run. */
    public void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            // A missing picture must not fail the test it documents.
        }
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
