package care.thoracic.platform.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import care.thoracic.testkit.CareTestResource;
import care.thoracic.testkit.RequiresTestInfra;
import care.thoracic.testkit.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** As in production: the clock endpoint exists for reading, but refuses to move time. */
@QuarkusTest
@RequiresTestInfra
@TestProfile(ClockLockedTest.Production.class)
@WithTestResource(value = CareTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ClockLockedTest {

  public static class Production implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("care.clock.adjustable", "false");
    }
  }

  @Test
  void moving_the_clock_is_refused_unless_enabled() {
    String ops = Tokens.ops("clinic-north", "op-1");
    given().auth().oauth2(ops).contentType("application/json").body("{\"offset\": \"P1D\"}").put("/admin/clock")
        .then().statusCode(403).contentType("application/problem+json")
        .body("detail", containsString("care.clock.adjustable=false"));
    given().auth().oauth2(ops).get("/admin/clock").then().statusCode(200)
        .body("offset", equalTo("PT0S")).body("adjustable", equalTo(false));
  }
}
