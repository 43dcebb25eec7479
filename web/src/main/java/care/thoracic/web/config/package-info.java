/** The web application's own settings, checked when it starts. */
package care.thoracic.web.config;
