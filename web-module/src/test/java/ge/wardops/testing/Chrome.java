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
                "--disable-default-apps", "--disable-extensions", "--window-size=1400,1300",
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

    /** Clicks what {@code by} finds (once it can be clicked) and waits until the page's AJAX calls are done. */
    public void click(By by) {
        var element = new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(by));
        js("arguments[0].scrollIntoView({block: 'center'});", element);
        var clickable = new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(by));
        try {
            clickable.click();
        } catch (org.openqa.selenium.ElementNotInteractableException e) {
            // Below the fold of a tall fixed dialog: the same click, dispatched by script.
            js("arguments[0].click();", clickable);
        }
        settle();
    }

    /** Replaces an input's text (typed, so the page's key handlers run) and waits for the AJAX calls it started. */
    public void type(By by, String text) {
        var input = driver.findElement(by);
        js("arguments[0].scrollIntoView({block: 'center'});", input);
        try {
            input.clear();
            input.sendKeys(text);
        } catch (org.openqa.selenium.ElementNotInteractableException e) {
            // Below the fold of a tall fixed dialog: set it as typing would, with the events the page listens to.
            js("var i = arguments[0]; i.value = arguments[1]; ['input', 'keyup', 'change'].forEach(function (t) {"
                    + " i.dispatchEvent(new Event(t, {bubbles: true})); });", input, text);
        }
        settle();
    }

    /**
     * Waits (bounded) until the page is loaded and PrimeFaces has no AJAX call queued or running;
     * false if it never gets there.
     */
    public boolean settle() {
        return until(Duration.ofSeconds(30), "return document.readyState === 'complete' && (!window.PrimeFaces"
                + " || (PrimeFaces.ajax.Queue.isEmpty() && (!window.jQuery || jQuery.active === 0)));");
    }

    /** Whether the PrimeFaces dialog {@code widgetVar} comes to be shown (bounded wait). */
    public boolean dialogShown(String widgetVar) {
        return until(Duration.ofSeconds(20), "return !!PF(arguments[0]) && PF(arguments[0]).isVisible();", widgetVar);
    }

    /** Whether the PrimeFaces dialog {@code widgetVar} comes to be hidden (bounded wait). */
    public boolean dialogHidden(String widgetVar) {
        return until(Duration.ofSeconds(20), "return !!PF(arguments[0]) && !PF(arguments[0]).isVisible();", widgetVar);
    }

    /** Answers "yes" in the page's global confirmation dialog once it is shown, and waits for what that started. */
    public void confirm() {
        click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
    }

    /**
     * The script nonce PrimeFaces was handed on this page (empty if none): proof that the page's
     * nonce'd scripts ran.
     */
    public String pageNonce() {
        return String.valueOf(js("return window.PrimeFaces && PrimeFaces.csp ? PrimeFaces.csp.NONCE_VALUE : '';"));
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
