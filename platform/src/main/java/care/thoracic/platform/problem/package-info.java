/**
 * RFC 9457 problem details: the problem types, the field errors, and the mappers that turn every exception into
 * {@code application/problem+json}.
 */
package care.thoracic.platform.problem;
