package care.thoracic.contracts.kafka;

import care.thoracic.contracts.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker, derived from the event catalogue. Each service is a principal of
 * its own (SASL/SCRAM-SHA-512): it may write the topics whose events it produces, read the topics
 * it consumes (and write their dead-letter topics, where its consumers put poison), and use the
 * consumer groups named after it ({@code <service>.*}). The operator may read every topic and
 * dead-letter topic, write the event topics (a dead-letter replay puts a record back where it came
 * from) and use every consumer group (rewind, lag). A SIEM (security information and event
 * management) reads the access records on {@code care.audit.v1} with its own groups
 * ({@code siem.*}) and nothing else. The admin, a super user authenticated with a
 * password from the deployment's secret (SASL/PLAIN, static in the broker's configuration), creates
 * topics, users and these ACLs and nothing else.
 */
public final class BrokerAccess {
  public static final String ADMIN = "admin";
  public static final String OPERATOR = "operator";
  /** A SIEM's principal: it reads {@code care.audit.v1}, the platform's access records, and nothing else. */
  public static final String SIEM = "siem";
  public static final String SERVICES_MECHANISM = "SCRAM-SHA-512";
  public static final String ADMIN_MECHANISM = "PLAIN";
  /** SCRAM's key stretching; 4,096 is the least Kafka accepts for SHA-512. */
  private static final int SCRAM_ITERATIONS = 8_192;

  private BrokerAccess() {}

  /** Every service named in the catalogue as a producer or a consumer. */
  public static SortedSet<String> services() {
    SortedSet<String> services = new TreeSet<>();
    for (Topic topic : Topic.values()) {
      services.addAll(topic.producers());
      services.addAll(topic.consumers());
    }
    return services;
  }

  /** The principals that authenticate with SCRAM: the services, the operator and a SIEM. */
  public static SortedSet<String> scramPrincipals() {
    SortedSet<String> principals = new TreeSet<>(services());
    principals.add(OPERATOR);
    principals.add(SIEM);
    return principals;
  }

  /** Every ACL the broker holds. */
  public static List<AclBinding> acls() {
    List<AclBinding> acls = new ArrayList<>();
    for (String service : services()) {
      acls.addAll(aclsOf(service));
    }
    acls.addAll(aclsOf(OPERATOR));
    acls.addAll(aclsOf(SIEM));
    return acls;
  }

  /** What one principal may do. */
  public static List<AclBinding> aclsOf(String principal) {
    List<AclBinding> acls = new ArrayList<>();
    if (principal.equals(OPERATOR)) {
      for (Topic topic : Topic.values()) {
        acls.add(allow(principal, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(principal, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.WRITE));
        acls.add(allow(principal, ResourceType.TOPIC, topic.deadLetterTopicName(), PatternType.LITERAL,
            AclOperation.READ));
      }
      acls.add(allow(principal, ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.READ));
      acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE));
      return acls;
    }
    if (principal.equals(SIEM)) {
      acls.add(allow(principal, ResourceType.TOPIC, Topic.AUDIT.topicName(), PatternType.LITERAL, AclOperation.READ));
      acls.add(allow(principal, ResourceType.GROUP, principal + ".", PatternType.PREFIXED, AclOperation.READ));
      return acls;
    }
    for (Topic topic : Topic.values()) {
      if (topic.producers().contains(principal)) {
        acls.add(allow(principal, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.WRITE));
      }
      if (topic.consumers().contains(principal)) {
        acls.add(allow(principal, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(principal, ResourceType.TOPIC, topic.deadLetterTopicName(), PatternType.LITERAL,
            AclOperation.WRITE));
      }
    }
    acls.add(allow(principal, ResourceType.GROUP, principal + ".", PatternType.PREFIXED, AclOperation.READ));
    // the readiness check asks the broker to describe its cluster
    acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE));
    return acls;
  }

  /**
   * Creates (or resets the password of) every SCRAM principal, creates every ACL and deletes the
   * ACLs of these principals that the catalogue no longer grants; run as the admin. Safe to repeat.
   *
   * @param passwords the password of each principal in {@link #scramPrincipals()}
   */
  public static void apply(Admin admin, Map<String, String> passwords, Duration timeout) {
    List<UserScramCredentialUpsertion> users = new ArrayList<>();
    for (String principal : scramPrincipals()) {
      String password = passwords.get(principal);
      if (password == null || password.isBlank()) {
        throw new IllegalArgumentException("no password for broker principal " + principal);
      }
      users.add(new UserScramCredentialUpsertion(principal,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password));
    }
    try {
      admin.alterUserScramCredentials(List.copyOf(users)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<AclBinding> wanted = acls();
      admin.createAcls(wanted).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Set<String> ours = scramPrincipals().stream().map(principal -> "User:" + principal).collect(Collectors.toSet());
      List<AclBindingFilter> stale = admin.describeAcls(AclBindingFilter.ANY).values()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
          .filter(binding -> ours.contains(binding.entry().principal()) && !wanted.contains(binding))
          .map(AclBinding::toFilter).toList();
      if (!stale.isEmpty()) {
        admin.deleteAcls(stale).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up broker access", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("broker access not set up: " + e.getMessage(), e);
    }
  }

  /**
   * The broker's side: one listener for clients ({@code CLIENTS}, SASL with SCRAM for the services and
   * PLAIN for the admin) and one for the controller ({@code CONTROLLER}, PLAIN, the admin), the
   * standard authorizer with the admin as its only super user, and nothing allowed without an ACL.
   * The caller adds {@code listeners}, {@code advertised.listeners} and the rest of a broker's settings.
   *
   * @param clientsProtocol {@code SASL_PLAINTEXT}, or {@code SASL_SSL} with the TLS settings added
   */
  public static Map<String, String> brokerSecurity(String adminPassword, String clientsProtocol) {
    String admin = new BrokerCredentials(ADMIN, adminPassword).jaasConfig().replace(";",
        " user_" + ADMIN + "=\"" + adminPassword + "\";");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("listener.security.protocol.map", "CLIENTS:" + clientsProtocol + ",CONTROLLER:SASL_PLAINTEXT");
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("inter.broker.listener.name", "CLIENTS");
    properties.put("sasl.enabled.mechanisms", SERVICES_MECHANISM + "," + ADMIN_MECHANISM);
    properties.put("sasl.mechanism.inter.broker.protocol", ADMIN_MECHANISM);
    properties.put("sasl.mechanism.controller.protocol", ADMIN_MECHANISM);
    properties.put("listener.name.clients.plain.sasl.jaas.config", admin);
    properties.put("listener.name.clients.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    properties.put("listener.name.controller.sasl.enabled.mechanisms", ADMIN_MECHANISM);
    properties.put("listener.name.controller.plain.sasl.jaas.config", admin);
    properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    properties.put("super.users", "User:" + ADMIN);
    properties.put("allow.everyone.if.no.acl.found", "false");
    return properties;
  }

  private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
      AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
  }
}
