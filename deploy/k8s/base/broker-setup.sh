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
topic care.triage.v1 12
topic care.triage.v1.dlq 1
topic care.redflag.v1 12
topic care.redflag.v1.dlq 1
topic care.plan.v1 12
topic care.plan.v1.dlq 1
topic care.session.v1 12
topic care.session.v1.dlq 1
topic care.progress.v1 12
topic care.progress.v1.dlq 1
topic care.reminder.v1 12
topic care.reminder.v1.dlq 1
topic care.workitem.v1 12
topic care.workitem.v1.dlq 1
topic care.audit.v1 12
topic care.audit.v1.dlq 1
topic care.erasure.v1 12
topic care.erasure.v1.dlq 1
topic care.clinic.v1 12
topic care.clinic.v1.dlq 1

# Principals
user operator "${KAFKA_PASSWORD_OPERATOR:?}"
user plan-service "${KAFKA_PASSWORD_PLAN_SERVICE:?}"
user progress-service "${KAFKA_PASSWORD_PROGRESS_SERVICE:?}"
user reminder-service "${KAFKA_PASSWORD_REMINDER_SERVICE:?}"
user siem "${KAFKA_PASSWORD_SIEM:?}"
user triage-service "${KAFKA_PASSWORD_TRIAGE_SERVICE:?}"

# ACLs: what each principal may do (BrokerAccess)
allow plan-service --operation Read --topic care.triage.v1
allow plan-service --operation Write --topic care.triage.v1.dlq
allow plan-service --operation Read --topic care.redflag.v1
allow plan-service --operation Write --topic care.redflag.v1.dlq
allow plan-service --operation Write --topic care.plan.v1
allow plan-service --operation Read --topic care.plan.v1
allow plan-service --operation Write --topic care.plan.v1.dlq
allow plan-service --operation Read --topic care.session.v1
allow plan-service --operation Write --topic care.session.v1.dlq
allow plan-service --operation Read --topic care.progress.v1
allow plan-service --operation Write --topic care.progress.v1.dlq
allow plan-service --operation Read --topic care.reminder.v1
allow plan-service --operation Write --topic care.reminder.v1.dlq
allow plan-service --operation Write --topic care.workitem.v1
allow plan-service --operation Read --topic care.workitem.v1
allow plan-service --operation Write --topic care.workitem.v1.dlq
allow plan-service --operation Write --topic care.audit.v1
allow plan-service --operation Read --topic care.audit.v1
allow plan-service --operation Write --topic care.audit.v1.dlq
allow plan-service --operation Write --topic care.erasure.v1
allow plan-service --operation Read --topic care.erasure.v1
allow plan-service --operation Write --topic care.erasure.v1.dlq
allow plan-service --operation Write --topic care.clinic.v1
allow plan-service --operation Read --group plan-service. --resource-pattern-type prefixed
allow plan-service --operation Describe --cluster
allow progress-service --operation Write --topic care.redflag.v1
allow progress-service --operation Read --topic care.redflag.v1
allow progress-service --operation Write --topic care.redflag.v1.dlq
allow progress-service --operation Read --topic care.plan.v1
allow progress-service --operation Write --topic care.plan.v1.dlq
allow progress-service --operation Write --topic care.session.v1
allow progress-service --operation Read --topic care.session.v1
allow progress-service --operation Write --topic care.session.v1.dlq
allow progress-service --operation Write --topic care.progress.v1
allow progress-service --operation Read --topic care.progress.v1
allow progress-service --operation Write --topic care.progress.v1.dlq
allow progress-service --operation Write --topic care.audit.v1
allow progress-service --operation Read --topic care.erasure.v1
allow progress-service --operation Write --topic care.erasure.v1.dlq
allow progress-service --operation Read --group progress-service. --resource-pattern-type prefixed
allow progress-service --operation Describe --cluster
allow reminder-service --operation Read --topic care.redflag.v1
allow reminder-service --operation Write --topic care.redflag.v1.dlq
allow reminder-service --operation Read --topic care.plan.v1
allow reminder-service --operation Write --topic care.plan.v1.dlq
allow reminder-service --operation Read --topic care.session.v1
allow reminder-service --operation Write --topic care.session.v1.dlq
allow reminder-service --operation Read --topic care.progress.v1
allow reminder-service --operation Write --topic care.progress.v1.dlq
allow reminder-service --operation Write --topic care.reminder.v1
allow reminder-service --operation Read --topic care.reminder.v1
allow reminder-service --operation Write --topic care.reminder.v1.dlq
allow reminder-service --operation Write --topic care.audit.v1
allow reminder-service --operation Read --topic care.erasure.v1
allow reminder-service --operation Write --topic care.erasure.v1.dlq
allow reminder-service --operation Write --topic care.clinic.v1
allow reminder-service --operation Read --group reminder-service. --resource-pattern-type prefixed
allow reminder-service --operation Describe --cluster
allow triage-service --operation Write --topic care.triage.v1
allow triage-service --operation Read --topic care.triage.v1
allow triage-service --operation Write --topic care.triage.v1.dlq
allow triage-service --operation Write --topic care.redflag.v1
allow triage-service --operation Write --topic care.audit.v1
allow triage-service --operation Read --topic care.erasure.v1
allow triage-service --operation Write --topic care.erasure.v1.dlq
allow triage-service --operation Write --topic care.clinic.v1
allow triage-service --operation Read --group triage-service. --resource-pattern-type prefixed
allow triage-service --operation Describe --cluster
allow operator --operation Read --topic care.triage.v1
allow operator --operation Write --topic care.triage.v1
allow operator --operation Read --topic care.triage.v1.dlq
allow operator --operation Read --topic care.redflag.v1
allow operator --operation Write --topic care.redflag.v1
allow operator --operation Read --topic care.redflag.v1.dlq
allow operator --operation Read --topic care.plan.v1
allow operator --operation Write --topic care.plan.v1
allow operator --operation Read --topic care.plan.v1.dlq
allow operator --operation Read --topic care.session.v1
allow operator --operation Write --topic care.session.v1
allow operator --operation Read --topic care.session.v1.dlq
allow operator --operation Read --topic care.progress.v1
allow operator --operation Write --topic care.progress.v1
allow operator --operation Read --topic care.progress.v1.dlq
allow operator --operation Read --topic care.reminder.v1
allow operator --operation Write --topic care.reminder.v1
allow operator --operation Read --topic care.reminder.v1.dlq
allow operator --operation Read --topic care.workitem.v1
allow operator --operation Write --topic care.workitem.v1
allow operator --operation Read --topic care.workitem.v1.dlq
allow operator --operation Read --topic care.audit.v1
allow operator --operation Write --topic care.audit.v1
allow operator --operation Read --topic care.audit.v1.dlq
allow operator --operation Read --topic care.erasure.v1
allow operator --operation Write --topic care.erasure.v1
allow operator --operation Read --topic care.erasure.v1.dlq
allow operator --operation Read --topic care.clinic.v1
allow operator --operation Write --topic care.clinic.v1
allow operator --operation Read --topic care.clinic.v1.dlq
allow operator --operation Read --group '*'
allow operator --operation Describe --cluster
allow siem --operation Read --topic care.audit.v1
allow siem --operation Read --group siem. --resource-pattern-type prefixed

echo "broker ready: topics, principals and ACLs of the catalogue"
