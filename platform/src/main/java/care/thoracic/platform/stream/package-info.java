/**
 * Live streams (server-sent events) within bounds: each ends when the caller's token does, and a
 * caller holds only so many at once; and the single-use tickets that open one without an
 * {@code Authorization} header. Depends on the edge's config, the caller and the service's database.
 */
package care.thoracic.platform.stream;
