package care.thoracic.contracts.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A principal's credentials and the client settings they make: the admin authenticates with
 * SASL/PLAIN (the broker knows its password from configuration), every other principal with
 * SASL/SCRAM-SHA-512 (the admin created it). Over {@code SASL_PLAINTEXT} on loopback and private test
 * networks, {@code SASL_SSL} where traffic leaves the host.
 */
public record BrokerCredentials(String principal, String password) {
  public static final String PLAINTEXT = "SASL_PLAINTEXT";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~+/=-]{12,200}");

  public BrokerCredentials {
    if (principal == null || !principal.matches("[a-z][a-z-]{1,62}")) {
      throw new IllegalArgumentException("not a broker principal: " + principal);
    }
    if (password == null || !SAFE.matcher(password).matches()) {
      throw new IllegalArgumentException("the password of " + principal + " must be 12-200 characters of "
          + "letters, digits and ._~+/=-");
    }
  }

  public String mechanism() {
    return principal.equals(BrokerAccess.ADMIN) ? BrokerAccess.ADMIN_MECHANISM : BrokerAccess.SERVICES_MECHANISM;
  }

  public String jaasConfig() {
    String module = principal.equals(BrokerAccess.ADMIN) ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module + " required username=\"" + principal + "\" password=\"" + password + "\";";
  }

  /** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} for a client. */
  public Map<String, String> clientProperties(String securityProtocol) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("security.protocol", securityProtocol);
    properties.put("sasl.mechanism", mechanism());
    properties.put("sasl.jaas.config", jaasConfig());
    return properties;
  }

  @Override
  public String toString() {
    return "BrokerCredentials[" + principal + "]";
  }
}
