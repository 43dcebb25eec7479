package care.thoracic.web;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every browser test has: the web application's address, the people's calls to the services,
 * and a fresh Chromium per test at the width it is about (a desk or a phone).
 */
abstract class BrowserTest {
  static final int DESK_WIDTH = 1280;
  static final int PHONE_WIDTH = 360;

  @TestHTTPResource("/")
  URI web;

  final PlatformCalls calls = new PlatformCalls();
  Browser browser;
  private final int width;

  BrowserTest(int width) {
    this.width = width;
  }

  @BeforeEach
  void openBrowser() {
    browser = new Browser(web, width);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }
}
