package care.thoracic.reminder.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * credentials in the URL; an IPv6 address carrying an IPv4 one (NAT64, 6to4, IPv4-compatible) is judged as
 * that IPv4 address. A name is looked up for at most 2 s; one that resolves inside and one that does
 * not resolve get the same answer, so an app cannot map the cluster's names. (The HTTP client never
 * follows a redirect.)
 */
public final class WebhookTargets {
  /** Looks a host name up: the JDK's resolver in service, a table in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A name that takes longer than this to look up is refused, not waited for. */
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);
  private static final ExecutorService LOOKUPS = Executors.newVirtualThreadPerTaskExecutor();
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
    // one answer for "internal" and "unknown": a patient's app must not learn the cluster's names
    String notPublic = "does not resolve to a public address";
    Future<InetAddress[]> lookup = LOOKUPS.submit(() -> resolver.resolve(url.getHost()));
    try {
      for (InetAddress address : lookup.get(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        if (refusalOf(address).isPresent()) {
          return Optional.of(notPublic);
        }
      }
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      lookup.cancel(true);
      return Optional.of(notPublic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(notPublic);
    }
  }

  Optional<String> refusalOf(InetAddress address) {
    Optional<InetAddress> carried = embeddedIpv4(address);
    if (carried.isPresent()) {
      return refusalOf(carried.get());
    }
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

  /**
   * The IPv4 address an IPv6 one carries: IPv4-compatible ({@code ::a.b.c.d}), NAT64
   * ({@code 64:ff9b::/96}) and 6to4 ({@code 2002::/16}). (IPv4-mapped ones the JDK already turns into IPv4.)
   */
  private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address v6)) {
      return Optional.empty();
    }
    byte[] b = v6.getAddress();
    try {
      if (v6.isIPv4CompatibleAddress() && !address.isAnyLocalAddress() && !address.isLoopbackAddress()) {
        return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
      }
      if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
          && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8])) {
        return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6)));
      }
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
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
