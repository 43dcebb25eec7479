/** What every page shares: the layout, the home that sends each person to their side, failures as pages. */
package care.thoracic.web.pages;
