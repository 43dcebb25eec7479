/**
 * {@code GET/PUT /admin/clock}: the ops endpoint that reads or moves the adjustable clock (dev and test only).
 */
package care.thoracic.platform.time;
