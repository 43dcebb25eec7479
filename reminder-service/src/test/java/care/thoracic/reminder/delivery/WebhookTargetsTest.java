package care.thoracic.reminder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
  /** The names this test's DNS knows: a public receiver, and names that point inside. */
  private static final Map<String, String> DNS = Map.of(
      "hooks.clinic-north.example", "203.0.113.9",
      "169.254.169.254.nip.io", "169.254.169.254",
      "rebind.example", "10.0.0.7",
      "ten.example", "10.0.0.7");
  private static final WebhookTargets.Resolver TABLE = host -> {
    String address = DNS.get(host.toLowerCase().replaceAll("\\.+$", ""));
    if (address == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(address)};
  };
  private final WebhookTargets deployed = new WebhookTargets(List.of("plan-service", "reminder-service"), false, TABLE);
  private final WebhookTargets localRun = new WebhookTargets(List.of("plan-service", "reminder-service"), true, TABLE);

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
  void every_spelling_of_an_address_is_refused_or_judged_by_what_it_is() {
    for (String url : List.of("http://2852039166/latest/meta-data/", "http://0xa9fea9fe/", "http://0xA9.0xFE.0xA9.0xFE/",
        "http://0251.0376.0251.0376/", "http://169.254.43518/", "http://0/", "http://169.254.169.254./",
        "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/", "http://x@169.254.169.254/",
        "http://user:pw@hooks.clinic-north.example/", "http://169.254.169.254.nip.io/", "http://0177.0.0.1/",
        "http://127.1/", "http://plan-service./admin/clock", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/",
        "http://[::169.254.169.254]/")) {
      for (WebhookTargets targets : List.of(deployed, localRun)) {
        assertThat(targets.refusalOf(URI.create(url))).as(url).isPresent();
      }
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
    List<String> inside = List.of("http://127.0.0.1:8082/admin/clock", "http://10.0.0.7/hook", "http://172.16.4.2/hook",
        "http://192.168.1.10/hook", "http://100.64.0.1/hook", "http://[::1]/hook", "http://[fd12:3456::1]/hook",
        "http://ten.example/hook");
    for (String url : inside) {
      assertThat(deployed.refusalOf(URI.create(url))).as(url).isPresent();
      assertThat(localRun.refusalOf(URI.create(url))).as(url).isEmpty();
    }
    assertThat(deployed.refusalOf(URI.create("http://localhost:8081/triage"))).isPresent();
    assertThat(deployed.refusalOf(URI.create("http://mongo.internal/hook"))).isPresent();
  }

  @Test
  void a_public_receiver_is_accepted() {
    for (String url : List.of("https://hooks.clinic-north.example/reminders", "https://203.0.113.9/hook",
        "https://[2001:db8::5]/hook", "https://172.32.0.1/hook", "https://100.128.0.1/hook")) {
      assertThat(deployed.refusalOf(URI.create(url))).as(url).isEmpty();
    }
  }

  @Test
  void a_name_is_judged_by_what_it_resolves_to_and_one_that_does_not_resolve_is_refused() {
    // the same answer for a name that points inside and one that does not exist: no map of the cluster
    assertThat(deployed.refusalOf(URI.create("http://rebind.example/hook")))
        .isEqualTo(deployed.refusalOf(URI.create("http://no-such-host.invalid/hook")))
        .get().asString().isEqualTo("does not resolve to a public address");
  }

  @Test
  void a_name_that_takes_too_long_to_look_up_is_refused_not_waited_for() {
    WebhookTargets slow = new WebhookTargets(List.of(), false, host -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new InetAddress[0];
    });
    long started = System.nanoTime();
    assertThat(slow.refusalOf(URI.create("https://slow-dns.example/hook"))).isPresent();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void by_default_names_are_looked_up_with_the_jdk() throws Exception {
    WebhookTargets real = new WebhookTargets(List.of(), false);
    InetAddress machine = InetAddress.getLocalHost();
    assertThat(real.refusalOf(URI.create("http://" + machine.getHostName() + "/hook")).isPresent())
        .isEqualTo(machine.isLoopbackAddress() || machine.isSiteLocalAddress());
  }
}
