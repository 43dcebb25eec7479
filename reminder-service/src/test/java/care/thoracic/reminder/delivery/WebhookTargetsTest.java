package care.thoracic.reminder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
  private final WebhookTargets deployed = new WebhookTargets(List.of("plan-service", "reminder-service"), false);
  private final WebhookTargets localRun = new WebhookTargets(List.of("plan-service", "reminder-service"), true);

  @Test
  void cloud_metadata_and_link_local_addresses_are_always_refused() {
    for (WebhookTargets targets : List.of(deployed, localRun)) {
      assertThat(targets.refusalOf(URI.create("http://169.254.169.254/latest/meta-data/"))).get().asString()
          .contains("link-local");
      assertThat(targets.refusalOf(URI.create("http://[fe80::1]/hook"))).get().asString().contains("link-local");
      assertThat(targets.refusalOf(URI.create("http://0.0.0.0:8084/admin/clock"))).isPresent();
    }
  }

  @Test
  void the_platforms_own_hosts_are_always_refused_with_their_subdomains_and_any_case() {
    for (WebhookTargets targets : List.of(deployed, localRun)) {
      assertThat(targets.refusalOf(URI.create("http://plan-service/admin/clock"))).get().asString()
          .contains("platform itself");
      assertThat(targets.refusalOf(URI.create("http://Reminder-Service.care-prod.svc.cluster.local:80/q/metrics")))
          .isPresent();
    }
  }

  @Test
  void loopback_and_private_networks_are_refused_unless_the_deployment_allows_them() {
    List<String> inside = List.of("http://127.0.0.1:8082/admin/clock", "http://localhost:8081/triage",
        "http://10.0.0.7/hook", "http://172.16.4.2/hook", "http://192.168.1.10/hook", "http://100.64.0.1/hook",
        "http://[::1]/hook", "http://[fd12:3456::1]/hook", "http://mongo.internal/hook");
    for (String url : inside) {
      assertThat(deployed.refusalOf(URI.create(url))).as(url).isPresent();
      assertThat(localRun.refusalOf(URI.create(url))).as(url).isEmpty();
    }
  }

  @Test
  void a_public_receiver_is_accepted() {
    for (String url : List.of("https://hooks.clinic-north.example/reminders", "https://203.0.113.9/hook",
        "https://[2001:db8::5]/hook", "https://172.32.0.1/hook", "https://100.128.0.1/hook")) {
      assertThat(deployed.refusalOf(URI.create(url))).as(url).isEmpty();
    }
  }

  @Test
  void on_delivery_a_name_that_resolves_inside_is_refused() throws Exception {
    InetAddress machine = InetAddress.getLocalHost();
    assumeTrue(machine.isLoopbackAddress() || machine.isSiteLocalAddress(),
        "this machine's name resolves to a public address: nothing internal to resolve to by name");
    assertThat(deployed.refusalOnDelivery(URI.create("http://" + machine.getHostName() + "/hook"))).get().asString()
        .contains("resolves to " + machine.getHostAddress());
    assertThat(deployed.refusalOnDelivery(URI.create("http://no-such-host.invalid/hook"))).get().asString()
        .contains("does not resolve");
  }
}
