package care.thoracic.contracts.clinical;

/** Conditions triage lists as suspected; every match is listed, whichever decides the disposition. */
public enum SuspectedCondition {
  RHEUMATOID_ARTHRITIS, FIBROMYALGIA, GERD_MIMIC, COMPRESSION_FRACTURE, SCHEUERMANN, DEGENERATIVE_DISC_DISEASE, POSTURAL_STRAIN
}
