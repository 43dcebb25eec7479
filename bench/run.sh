#!/usr/bin/env bash
# Runs a benchmark and writes its section of BENCHMARKS.md.
# Usage: bench/run.sh eventsourcing [repetitions] [events]
#        bench/run.sh triage [repetitions]
#        bench/run.sh plan [repetitions]
#        bench/run.sh progress [repetitions]
#        bench/run.sh reminders [repetitions] [burst]
#        bench/run.sh rest [repetitions]
#        bench/run.sh platform [repetitions]
#        bench/run.sh replay [repetitions] [events]
#        bench/run.sh feed [repetitions] [events per second]
#        bench/run.sh audit [repetitions]
#        bench/run.sh scale [repetitions]
#        bench/run.sh all [repetitions]     every one of them in turn, with its defaults (about two hours)
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=${1:?usage: bench/run.sh eventsourcing [args...]}
shift
if [ "$benchmark" = all ]; then
  for each in eventsourcing triage plan progress reminders rest platform feed audit scale; do
    "$0" "$each" "${1:-3}"
  done
  "$0" replay 1 # a million events per service: one run
  exit 0
fi
# HTTP load comes from native tools (see HttpLoad); installed from Debian when missing.
need_load_tools() {
  command -v wrk >/dev/null && command -v h2load >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q wrk nghttp2-client >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk nghttp2-client >/dev/null; }
  else
    echo "this benchmark needs wrk and h2load: apt-get install wrk nghttp2-client" >&2; exit 2
  fi
}
case "$benchmark" in
  eventsourcing) main=care.thoracic.bench.EventPipelineBenchmark ;;
  triage) main=care.thoracic.bench.TriageBenchmark; need_load_tools ;;
  plan) main=care.thoracic.bench.PlanBenchmark ;;
  progress) main=care.thoracic.bench.ProgressBenchmark; need_load_tools ;;
  reminders) main=care.thoracic.bench.ReminderBenchmark ;;
  rest) main=care.thoracic.bench.RestCostBenchmark ;;
  platform) main=care.thoracic.bench.PlatformBenchmark; need_load_tools ;;
  replay) main=care.thoracic.bench.ReplayBenchmark ;;
  feed) main=care.thoracic.bench.FeedBenchmark ;;
  audit) main=care.thoracic.bench.AuditBenchmark; need_load_tools ;;
  scale) main=care.thoracic.bench.ScaleBenchmark ;;
  *) echo "unknown benchmark: $benchmark (known: eventsourcing, triage, plan, progress, reminders, rest, platform, replay, feed, audit, scale)" >&2; exit 2 ;;
esac
./mvnw -q -B -pl bench,triage-service,plan-service,progress-service,reminder-service -am install -DskipTests
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
# This checkout's own modules, as just built, not the copies in the shared ~/.m2: another checkout
# installing meanwhile (another branch's contracts, hence another broker ACL list) must not change
# what is measured.
# (the file ends without a newline: its last entry is read too)
classpath=$(tr ':' '\n' < bench/target/classpath.txt | while read -r entry || [[ -n $entry ]]; do
  jar=$(basename "$entry"); version=$(basename "$(dirname "$entry")"); module=$(basename "$(dirname "$(dirname "$entry")")")
  if [[ "$entry" == */care/thoracic/* && -f "$module/target/$jar" ]]; then echo "$PWD/$module/target/$jar"; else echo "$entry"; fi
done | paste -sd:)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xms1g -Xmx4g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "bench/target/classes:$classpath" \
  "$main" "$@"
