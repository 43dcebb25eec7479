/**
 * The benchmarks behind BENCHMARKS.md ({@code bench/run.sh}): load drivers, the machine's description and the report
 * writer. Depends on the services, eventsourcing, testkit and devstack; nothing depends on it.
 */
package care.thoracic.bench;
