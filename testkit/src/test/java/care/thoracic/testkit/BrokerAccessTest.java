package care.thoracic.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.contracts.kafka.BrokerCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test broker holds the catalogue's access list: each service writes only the topics of the
 * events it produces, reads only those it consumes, uses only its own consumer groups; no client
 * without valid credentials gets anything.
 */
@RequiresTestInfra
class BrokerAccessTest {
  @BeforeAll
  static void onASecuredBroker() {
    assumeTrue(TestKafka.secured(), "the containers mode runs the broker image without authentication: broker "
        + "access is proven on the embedded broker");
  }


  @Test
  void every_principal_may_write_exactly_the_topics_of_its_events() {
    List<String> refusedOrAllowedWrongly = new ArrayList<>();
    for (String principal : BrokerAccess.scramPrincipals()) {
      for (Topic topic : Topic.values()) {
        boolean mayWrite = principal.equals(BrokerAccess.OPERATOR) || topic.producers().contains(principal);
        if (writes(principal, topic.topicName()) != mayWrite) {
          refusedOrAllowedWrongly.add(principal + (mayWrite ? " could not write " : " wrote ") + topic.topicName());
        }
      }
    }
    assertThat(refusedOrAllowedWrongly).isEmpty();
  }

  @Test
  void every_principal_may_read_exactly_the_topics_it_consumes_with_its_own_groups() {
    List<String> refusedOrAllowedWrongly = new ArrayList<>();
    for (String principal : BrokerAccess.scramPrincipals()) {
      for (Topic topic : Topic.values()) {
        boolean mayRead = principal.equals(BrokerAccess.OPERATOR) || topic.consumers().contains(principal)
            || principal.equals(BrokerAccess.SIEM) && topic == Topic.AUDIT;
        if (reads(principal, principal + ".access-test-" + UUID.randomUUID(), topic.topicName()) != mayRead) {
          refusedOrAllowedWrongly.add(principal + (mayRead ? " could not read " : " read ") + topic.topicName());
        }
      }
    }
    assertThat(refusedOrAllowedWrongly).isEmpty();
  }

  @Test
  void a_siem_reads_the_access_records_and_nothing_else() {
    assertThat(reads(BrokerAccess.SIEM, "siem.audit-" + UUID.randomUUID(), Topic.AUDIT.topicName())).isTrue();
    assertThat(reads(BrokerAccess.SIEM, "siem.audit-" + UUID.randomUUID(), Topic.AUDIT.deadLetterTopicName())).isFalse();
    assertThat(writes(BrokerAccess.SIEM, Topic.AUDIT.topicName())).isFalse();
    assertThatThrownBy(() -> readOnce(BrokerAccess.SIEM, "plan-service.access-log", Topic.AUDIT.topicName()))
        .isInstanceOf(GroupAuthorizationException.class);
  }

  @Test
  void a_service_may_not_use_another_services_consumer_group() {
    assertThatThrownBy(() -> readOnce("reminder-service", "plan-service.plan-views", Topic.PLAN.topicName()))
        .isInstanceOf(GroupAuthorizationException.class);
  }

  @Test
  void a_consumer_may_dead_letter_onto_the_dead_letter_topics_of_what_it_reads_and_no_other() {
    assertThat(writes("reminder-service", Topic.PLAN.deadLetterTopicName())).isTrue();
    assertThat(writes("reminder-service", Topic.TRIAGE.deadLetterTopicName())).isFalse();
  }

  @Test
  void setting_up_again_removes_a_grant_the_catalogue_does_not_make() throws Exception {
    AclBinding stray = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topic.TRIAGE.topicName(),
        PatternType.LITERAL), new AccessControlEntry("User:reminder-service", "*", AclOperation.READ,
        AclPermissionType.ALLOW));
    try (Admin admin = Admin.create(TestKafka.clientConfig(BrokerAccess.ADMIN))) {
      admin.createAcls(List.of(stray)).all().get();
      assertThat(reads("reminder-service", "reminder-service.stray-" + UUID.randomUUID(), Topic.TRIAGE.topicName()))
          .isTrue();

      TestKafka.setUp(TestKafka.bootstrapServers());

      assertThat(admin.describeAcls(stray.toFilter()).values().get()).isEmpty();
    }
    assertThat(reads("reminder-service", "reminder-service.stray-" + UUID.randomUUID(), Topic.TRIAGE.topicName()))
        .isFalse();
  }

  @Test
  void a_wrong_password_or_no_credentials_get_nothing() {
    Map<String, Object> wrong = TestKafka.clientConfig("plan-service");
    wrong.putAll(new BrokerCredentials("plan-service", "not-the-password-at-all").clientProperties("SASL_PLAINTEXT"));
    assertThatThrownBy(() -> send(wrong, Topic.PLAN.topicName())).hasRootCauseInstanceOf(SaslAuthenticationException.class);

    Map<String, Object> anonymous = Map.of("bootstrap.servers", TestKafka.bootstrapServers(),
        "request.timeout.ms", 3_000, "default.api.timeout.ms", 5_000);
    try (Admin admin = Admin.create(anonymous)) {
      assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
    }
  }

  private static boolean writes(String principal, String topic) {
    try {
      send(TestKafka.clientConfig(principal), topic);
      return true;
    } catch (ExecutionException e) {
      // a principal with no write grant at all is refused its producer id before any topic is looked at
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException) {
          return false;
        }
      }
      throw new AssertionError(principal + " writing " + topic, e);
    }
  }

  private static void send(Map<String, Object> client, String topic) throws ExecutionException {
    Map<String, Object> config = new HashMap<>(client);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      // a key of no clinic: the platform's consumers dead-letter it if they ever see it
      producer.send(new ProducerRecord<>(topic, "access-test:none".getBytes(), "{}".getBytes())).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (KafkaException e) {
      throw new ExecutionException(e);
    }
  }

  private static boolean reads(String principal, String group, String topic) {
    try {
      readOnce(principal, group, topic);
      return true;
    } catch (TopicAuthorizationException e) {
      return false;
    }
  }

  private static void readOnce(String principal, String group, String topic) {
    Map<String, Object> config = TestKafka.clientConfig(principal);
    config.put("group.id", group);
    config.put("auto.offset.reset", "latest");
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      for (int i = 0; i < 10 && consumer.assignment().isEmpty(); i++) {
        consumer.poll(Duration.ofMillis(500));
      }
      // committing an offset needs READ on the topic: a producer's WRITE lets it describe the topic and
      // find a position, so a position alone proves nothing, and a fetch may not have happened yet
      TopicPartition partition = consumer.assignment().iterator().next();
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(consumer.position(partition))));
    }
  }
}
