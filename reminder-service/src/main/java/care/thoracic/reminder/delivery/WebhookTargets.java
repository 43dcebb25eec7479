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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where reminders may be POSTed. A webhook URL is chosen by a patient's app, so it must never make
 * the platform call itself (its services' admin endpoints) or the cloud's metadata service: the
 * classic server-side request forgery. Judged by the URL as written and by every address its host
 * resolves to, when preferences are saved and again at every delivery (a public name may point
 * inside, and may change what it points to). Link-local addresses (169.254.0.0/16, fe80::/10, where
 * metadata services live), wildcard and multicast addresses and the platform's own host names are
 * always refused; loopback and private networks unless {@code allowInternalNetworks} (a local run,
 * the tests). Addresses must be written the standard way: {@code 2852039166}, {@code 0xa9fea9fe},
 * {@code 0251.0376.0251.0376} or {@code 169.254.43518} are refused whatever they mean, and so are
 * credentials in the URL. (The HTTP client never follows a redirect.)
 */
public final class WebhookTargets {
  /** Looks a host name up: the JDK's resolver in service, a table in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final Pattern NUMERIC_PART = Pattern.compile("0x[0-9a-f]*|[0-9]+");
  private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

  private final Set<String> platformHosts;
  private final boolean allowInternalNetworks;
  private final Resolver resolver;

  public WebhookTargets(Collection<String> platformHosts, boolean allowInternalNetworks) {
    this(platformHosts, allowInternalNetworks, InetAddress::getAllByName);
  }

  public WebhookTargets(Collection<String> platformHosts, boolean allowInternalNetworks, Resolver resolver) {
    this.platformHosts = platformHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.allowInternalNetworks = allowInternalNetworks;
    this.resolver = resolver;
  }

  /** Why {@code url} may not receive reminders, judged by the URL as written (no lookup). */
  public Optional<String> refusalAsWritten(URI url) {
    if (url.getRawUserInfo() != null) {
      return Optional.of("carries credentials (user@); a webhook is authenticated by its signature");
    }
    if (url.getHost() == null) {
      return Optional.of("has no host");
    }
    String host = hostOf(url);
    // plan-service, plan-service.care-prod.svc.cluster.local (a Kubernetes Service), api.plan-service
    if (platformHosts.stream().anyMatch(own -> host.equals(own) || host.startsWith(own + ".") || host.endsWith("." + own))) {
      return Optional.of("names a host of the platform itself");
    }
    if (!allowInternalNetworks && (host.equals("localhost") || host.endsWith(".localhost")
        || host.endsWith(".internal") || host.endsWith(".local") || host.endsWith(".svc"))) {
      return Optional.of("names an internal host");
    }
    if (host.startsWith("[")) {
      try {
        return refusalOf(InetAddress.getByName(host.substring(1, host.length() - 1))); // a literal: no lookup
      } catch (UnknownHostException e) {
        return Optional.of("is not a valid address");
      }
    }
    if (looksNumeric(host)) {
      if (!canonicalIpv4(host)) {
        return Optional.of("writes an address in a non-standard form; write IPv4 as four decimal numbers, e.g. "
            + "203.0.113.9");
      }
      try {
        return refusalOf(InetAddress.getByName(host)); // a literal: no lookup
      } catch (UnknownHostException e) {
        return Optional.of("is not a valid address");
      }
    }
    return Optional.empty();
  }

  /**
   * Why a reminder may not be sent to {@code url} (or preferences naming it saved): the URL as
   * written, then every address its host resolves to now.
   */
  public Optional<String> refusalOf(URI url) {
    Optional<String> written = refusalAsWritten(url);
    if (written.isPresent() || hostOf(url).startsWith("[") || looksNumeric(hostOf(url))) {
      return written; // an address, judged as written: nothing to look up
    }
    try {
      for (InetAddress address : resolver.resolve(url.getHost())) {
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

  /** The host, lower case, without the trailing dots that make {@code metadata.internal.} another spelling. */
  private static String hostOf(URI url) {
    return url.getHost().toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
  }

  /** Every dot-separated part a number (decimal, octal-looking or 0x-hex): an address, however spelt. */
  private static boolean looksNumeric(String host) {
    String[] parts = host.split("\\.", -1);
    for (String part : parts) {
      if (!NUMERIC_PART.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean canonicalIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!CANONICAL_OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
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
