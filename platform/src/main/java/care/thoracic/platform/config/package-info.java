/**
 * The edge's settings: the bounds of a request ({@code care.http.*}) and of tokens ({@code care.auth.*}).
 * Depends on nothing; the other packages of the platform read it.
 */
package care.thoracic.platform.config;
