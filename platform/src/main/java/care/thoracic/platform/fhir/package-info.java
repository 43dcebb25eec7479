/**
 * FHIR R4 shapes more than one service answers with (a session's pain scores as Observations), built
 * in one place so the plan's export and the progress service's Observations never disagree. Only
 * for services that have HAPI's R4 structures on their class path (the dependency is optional here).
 */
package care.thoracic.platform.fhir;
