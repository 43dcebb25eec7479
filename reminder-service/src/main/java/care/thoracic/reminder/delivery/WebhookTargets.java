package care.thoracic.reminder.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where reminders may be POSTed. A webhook URL is chosen by a patient's app, so it must never make
 * the platform call itself (its services' admin endpoints) or the cloud's metadata service: the
 * classic server-side request forgery. Judged twice: by the host as written when preferences are
 * saved, and by every address the host resolves to when a reminder is delivered (a public name
 * may point inside). Link-local addresses (169.254.0.0/16, fe80::/10, where metadata services
 * live), wildcard and multicast addresses and the platform's own host names are always refused;
 * loopback and private networks unless {@code allowInternalNetworks} (a local run, the tests).
 */
public final class WebhookTargets {
  private final Set<String> platformHosts;
  private final boolean allowInternalNetworks;

  public WebhookTargets(Collection<String> platformHosts, boolean allowInternalNetworks) {
    this.platformHosts = platformHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.allowInternalNetworks = allowInternalNetworks;
  }

  /** Why {@code url} may not receive reminders, judged by its host as written (no lookup). */
  public Optional<String> refusalOf(URI url) {
    String host = url.getHost().toLowerCase(Locale.ROOT);
    // plan-service, plan-service.care-prod.svc.cluster.local (a Kubernetes Service), api.plan-service
    if (platformHosts.stream().anyMatch(own -> host.equals(own) || host.startsWith(own + ".") || host.endsWith("." + own))) {
      return Optional.of("names a host of the platform itself");
    }
    if (!allowInternalNetworks && (host.equals("localhost") || host.endsWith(".localhost")
        || host.endsWith(".internal") || host.endsWith(".local") || host.endsWith(".svc"))) {
      return Optional.of("names an internal host");
    }
    if (isAddressLiteral(host)) {
      try {
        return refusalOf(InetAddress.getByName(host.replace("[", "").replace("]", ""))); // a literal: no lookup
      } catch (UnknownHostException e) {
        return Optional.of("is not a valid address");
      }
    }
    return Optional.empty();
  }

  /** Why a reminder may not be sent to {@code url} now: its host as written, then every address it resolves to. */
  public Optional<String> refusalOnDelivery(URI url) {
    Optional<String> written = refusalOf(url);
    if (written.isPresent()) {
      return written;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
        Optional<String> refusal = refusalOf(address);
        if (refusal.isPresent()) {
          return Optional.of("resolves to " + address.getHostAddress() + ", which " + refusal.get());
        }
      }
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of("names a host that does not resolve");
    }
  }

  Optional<String> refusalOf(InetAddress address) {
    if (address.isLinkLocalAddress()) {
      return Optional.of("is a link-local address (where cloud metadata services answer)");
    }
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return Optional.of("is not a single host's address");
    }
    if (!allowInternalNetworks && (address.isLoopbackAddress() || address.isSiteLocalAddress() || uniqueLocal(address)
        || sharedAddressSpace(address))) {
      return Optional.of("is an internal address");
    }
    return Optional.empty();
  }

  private static boolean isAddressLiteral(String host) {
    return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** fc00::/7, IPv6's private networks (the JDK's isSiteLocalAddress knows only the old fec0::/10). */
  private static boolean uniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }

  /** 100.64.0.0/10, carrier-grade NAT space, internal to clusters in some clouds. */
  private static boolean sharedAddressSpace(InetAddress address) {
    byte[] bytes = address.getAddress();
    return address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
  }
}
