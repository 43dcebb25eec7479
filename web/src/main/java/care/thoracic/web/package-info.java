/**
 * The clinic console and the patient app: server-rendered pages (Qute, htmx) for people who log in
 * through the clinic's identity provider. This application is a backend for frontend: it runs the
 * authorization-code flow with PKCE, keeps the tokens in its own encrypted, HttpOnly session cookie
 * (never in browser storage), and calls the four services with the person's own access token, so
 * the services decide what each person may see and do, exactly as for any other client.
 */
package care.thoracic.web;
