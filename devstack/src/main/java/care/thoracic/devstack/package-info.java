/**
 * The local platform behind {@code ./care}: the file-backed store, dev keys and tokens, the API client, the demo
 * journey, consumer-group and dead-letter tools. Plain Java; the system tests reuse its client and journey.
 */
package care.thoracic.devstack;
