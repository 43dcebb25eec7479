package care.thoracic.devstack;

import care.thoracic.contracts.Roles;

/** Signs the tokens a journey needs: the dev key pair in a local run, the test kit's key in system tests. */
@FunctionalInterface
public interface TokenMinter {
  String token(String role, String clinic, String subject);

  default String patient(String clinic, String patientId) {
    return token(Roles.PATIENT, clinic, patientId);
  }

  default String clinician(String clinic, String subject) {
    return token(Roles.CLINICIAN, clinic, subject);
  }

  default String ops(String clinic) {
    return token(Roles.OPS, clinic, "ops");
  }
}
