package care.thoracic.contracts.kafka;

import care.thoracic.contracts.events.Topic;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The broker set-up of {@link BrokerAccess} and {@link TopicProvisioner} as a shell script for
 * Kafka's own command-line tools, for deployments where no JVM of ours runs beside the broker
 * (compose, Kubernetes). Generated from the catalogue and committed
 * ({@code deploy/k8s/base/broker-setup.sh}); a contracts test fails when the committed script and
 * the catalogue differ. Passwords come from the environment, never from the script.
 */
public final class BrokerSetupScript {
  public static final String COMMITTED_PATH = "deploy/k8s/base/broker-setup.sh";

  private BrokerSetupScript() {}

  /** The environment variable holding a principal's password, e.g. {@code KAFKA_PASSWORD_PLAN_SERVICE}. */
  public static String passwordVariable(String principal) {
    return "KAFKA_PASSWORD_" + principal.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public static String render() {
    StringBuilder script = new StringBuilder();
    script.append("""
        #!/usr/bin/env bash
        # Creates every platform topic, every broker principal (SASL/SCRAM-SHA-512) and every ACL, as the
        # admin (SASL/PLAIN). GENERATED from the event catalogue by contracts' BrokerSetupScript: do not
        # edit; regenerate with ./mvnw -pl contracts test -Dcontracts.regenerate=true. Safe to run again.
        # Environment: KAFKA_BOOTSTRAP, KAFKA_SECURITY_PROTOCOL (SASL_PLAINTEXT or SASL_SSL),
        # KAFKA_PASSWORD_ADMIN and one KAFKA_PASSWORD_<PRINCIPAL> per principal below; KAFKA_BIN (the
        # directory of Kafka's tools, /opt/kafka/bin in the apache/kafka image).
        set -euo pipefail
        bin=${KAFKA_BIN:-/opt/kafka/bin}
        bootstrap=${KAFKA_BOOTSTRAP:?the broker, e.g. kafka:9092}
        admin=$(mktemp)
        trap 'rm -f "$admin"' EXIT
        chmod 600 "$admin"
        cat > "$admin" <<CONFIG
        security.protocol=${KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}
        sasl.mechanism=PLAIN
        sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_PASSWORD_ADMIN:?}";
        CONFIG
        topic() { "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --create --if-not-exists --topic "$1" --partitions "$2" >/dev/null; }
        user() { "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" >/dev/null; }
        allow() { "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add --allow-principal "User:$1" "${@:2}" >/dev/null; }

        # Topics: each event topic and its dead-letter topic
        """);
    for (Map.Entry<String, Integer> topic : TopicProvisioner.platformTopics(Topic.DEFAULT_PARTITIONS).entrySet()) {
      script.append("topic ").append(topic.getKey()).append(' ').append(topic.getValue()).append('\n');
    }
    script.append("\n# Principals\n");
    for (String principal : BrokerAccess.scramPrincipals()) {
      script.append("user ").append(principal).append(" \"${").append(passwordVariable(principal)).append(":?}\"\n");
    }
    script.append("\n# ACLs: what each principal may do (BrokerAccess)\n");
    for (AclBinding acl : BrokerAccess.acls()) {
      String principal = acl.entry().principal().substring("User:".length());
      script.append("allow ").append(principal).append(" --operation ")
          .append(pascal(acl.entry().operation().name())).append(' ').append(resource(acl)).append('\n');
    }
    script.append("\necho \"broker ready: topics, principals and ACLs of the catalogue\"\n");
    return script.toString();
  }

  private static String resource(AclBinding acl) {
    String name = acl.pattern().name();
    String where = switch (acl.pattern().resourceType()) {
      case TOPIC -> "--topic " + quoteIfNeeded(name);
      case GROUP -> "--group " + quoteIfNeeded(name);
      case CLUSTER -> "--cluster";
      default -> throw new IllegalStateException("no script form for " + acl.pattern());
    };
    return acl.pattern().patternType() == PatternType.PREFIXED && acl.pattern().resourceType() != ResourceType.CLUSTER
        ? where + " --resource-pattern-type prefixed" : where;
  }

  private static String quoteIfNeeded(String name) {
    return name.equals("*") ? "'*'" : name;
  }

  private static String pascal(String constant) {
    StringBuilder out = new StringBuilder();
    for (String part : constant.toLowerCase(Locale.ROOT).split("_")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }
}
