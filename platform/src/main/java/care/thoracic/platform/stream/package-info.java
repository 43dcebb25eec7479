/**
 * Live streams (server-sent events) within bounds: each ends when the caller's token does, and a
 * caller holds only so many at once. Depends on the edge's config and the caller.
 */
package care.thoracic.platform.stream;
