package care.thoracic.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health and metrics on web's management port, which the ingress never routes; browsers' port has neither. */
@QuarkusTest
@QuarkusTestResource(value = WebPlatform.class, restrictToAnnotatedClass = false)
class ManagementPortTest {
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TestHTTPResource("/")
  URI web;

  /** The management port's root, /q/. */
  @TestHTTPResource(value = "/", management = true)
  URI management;

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void health_and_metrics_answer_on_the_management_port_and_never_to_a_browser() throws Exception {
    HttpResponse<String> ready = get(management.resolve("health/ready"));
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"UP\"");
    HttpResponse<String> metrics = get(management.resolve("metrics"));
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");

    for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready")) {
      HttpResponse<String> asked = get(web.resolve(path));
      assertThat(asked.statusCode()).as(path + " on the browsers' port").isNotEqualTo(200);
      assertThat(asked.body()).as(path + " on the browsers' port").doesNotContain("jvm_", "\"checks\"");
    }
  }
}
