/**
 * {@code GET /admin/clock} (the service's time, everywhere) and {@code PUT /admin/clock} (moves it: dev and
 * test profiles only), for the ops role.
 */
package care.thoracic.platform.time;
