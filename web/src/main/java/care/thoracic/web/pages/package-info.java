/**
 * What every page shares: the layout, the home that sends each person to their side, failures as
 * pages, and what the console and the app both show (today's activities, the progress figures, a
 * form's answers as a service reads them).
 */
package care.thoracic.web.pages;
