/**
 * What every HTTP request meets: strict JSON bodies, command bodies read on the I/O thread within their limit,
 * version tags ({@code ETag} / {@code If-Match}) and paging.
 */
package care.thoracic.platform.http;
