/**
 * The benchmarks behind BENCHMARKS.md ({@code bench/run.sh}): load drivers, the machine's description and the report
 * writer. Depends on every module; nothing depends on it.
 */
package care.thoracic.bench;
