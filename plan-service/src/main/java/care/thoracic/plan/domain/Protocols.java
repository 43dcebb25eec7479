package care.thoracic.plan.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol versions this service knows: new plans are made from the current one, and a plan
 * keeps the version it was made from for as long as it runs.
 */
public final class Protocols {
  private final Map<String, Protocol> byVersion = new LinkedHashMap<>();
  private final Protocol current;

  /** @param protocols every known version, the current one last; each must be free of problems */
  public Protocols(List<Protocol> protocols) {
    for (Protocol protocol : protocols) {
      List<String> problems = protocol.problems();
      if (!problems.isEmpty()) {
        throw new IllegalStateException("protocol " + protocol.canonicalVersion() + " is not usable: " + problems);
      }
      byVersion.put(protocol.canonicalVersion(), protocol);
    }
    this.current = protocols.getLast();
  }

  public Protocol current() {
    return current;
  }

  /** Every known version, the current one last. */
  public List<String> versions() {
    return List.copyOf(byVersion.keySet());
  }

  public Protocol version(String canonicalVersion) {
    Protocol protocol = byVersion.get(canonicalVersion);
    if (protocol == null) {
      throw new IllegalStateException("unknown protocol version " + canonicalVersion);
    }
    return protocol;
  }
}
