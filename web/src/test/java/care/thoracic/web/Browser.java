package care.thoracic.web;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.testkit.TestKeycloak;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium (Debian's {@code chromium} and {@code chromium-driver}), headless, with a profile
 * of its own: one person's browser. Pages are checked with axe-core's WCAG 2.2 A and AA rules, and
 * screenshots are saved under {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Path CHROMIUM = Path.of(System.getProperty("web.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("web.chromedriver", "/usr/bin/chromedriver"));
  private static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

  private final ChromeDriver driver;
  private final URI base;
  private final WebDriverWait wait;

  /** A browser of {@code width} CSS pixels (360: a small phone) at the web application's {@code base}. */
  Browser(URI base, int width) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
          + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // no-sandbox: tests run as root here; the background-networking flags keep Chromium off the closed network
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=" + width + ",900", "--lang=en");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, options);
    this.driver.manage().window().setSize(new Dimension(width, 900));
    this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    this.base = base;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String path) {
    driver.get(base.resolve(path).toString());
  }

  /** Opens {@code path}, is sent to Keycloak's login page, logs in as {@code username} and comes back. */
  void logIn(String path, String username) {
    open(path);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(TestKeycloak.DEV_PASSWORD);
    driver.findElement(By.id("kc-login")).click();
    wait.until(ExpectedConditions.urlContains(base.getAuthority()));
  }

  WebElement await(By locator) {
    return keepingEvidence(() -> wait.until(ExpectedConditions.visibilityOfElementLocated(locator)));
  }

  void awaitText(By locator, String text) {
    keepingEvidence(() -> wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text)));
  }

  void awaitAttribute(By locator, String attribute, String value) {
    keepingEvidence(() -> wait.until(ExpectedConditions.attributeToBe(locator, attribute, value)));
  }

  /** The status a same-origin fetch of {@code path} gets from the page, with the page's cookies. */
  long fetchStatus(String path) {
    return (Long) driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { done(r.status); });", path);
  }

  /** The status of a same-origin form post to {@code path} carrying the page's CSRF token (the logout form's). */
  long postStatus(String path) {
    return postForm(path, "", null);
  }

  /**
   * The status of a same-origin post to {@code path} of the page's CSRF token and {@code fields}
   * (URL-encoded), as {@code contentType} (null: a plain form), as a script on the page could send it.
   */
  long postForm(String path, String fields, String contentType) {
    return (Long) driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "var token = document.querySelector('form.logout input[type=hidden]');"
        + "var body = token.name + '=' + encodeURIComponent(token.value) + (arguments[1] ? '&' + arguments[1] : '');"
        + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', body: body,"
        + " headers: {'Content-Type': arguments[2] || 'application/x-www-form-urlencoded'}})"
        + ".then(function (r) { done(r.status); });", path, fields, contentType);
  }

  /** When a wait fails, the page as it was is kept: target/screenshots/failed-N.png and .html. */
  private <T> T keepingEvidence(java.util.function.Supplier<T> waiting) {
    try {
      return waiting.get();
    } catch (org.openqa.selenium.TimeoutException timeout) {
      try {
        String name = "failed-" + System.currentTimeMillis();
        screenshot(name);
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
        timeout.addSuppressed(new AssertionError("the page as it was: " + SCREENSHOTS.resolve(name + ".png")));
      } catch (IOException | RuntimeException notKept) {
        timeout.addSuppressed(notKept);
      }
      throw timeout;
    }
  }

  String heading() {
    return driver.findElement(By.tagName("h1")).getText();
  }

  /** Saves the page as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** No violation of axe-core's WCAG 2.2 A and AA rules on the page as it is now. */
  void assertAccessible() {
    Results results = new AxeBuilder().withTags(WCAG_22_AA).analyze(driver);
    List<Rule> violations = results.getViolations();
    assertThat(violations).as(() -> driver.getCurrentUrl() + " violates:\n" + violations.stream()
        .map(rule -> rule.getId() + ": " + rule.getHelp() + " at " + rule.getNodes().stream()
            .map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"))).isEmpty();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
