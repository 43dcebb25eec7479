/**
 * The request trace: correlation id in and out, and the causation (caller and request) every event a request
 * appends carries.
 */
package care.thoracic.platform.trace;
