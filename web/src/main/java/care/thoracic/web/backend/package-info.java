/**
 * The four services' APIs as this application calls them: REST clients that carry the logged-in
 * person's access token, the services' live streams relayed to a page, and the services' problem
 * details turned into what a page can say.
 */
package care.thoracic.web.backend;
