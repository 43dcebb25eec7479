package care.thoracic.platform.tenancy;

import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The patients whose data the current request asked for, as its access checks met them: every
 * decision whether a caller may see a patient goes through here, so the access audit cannot miss
 * one. It only notes; the audit records what was noted when the request is answered.
 */
@RequestScoped
public class PatientAccess {
  /** How the request reached a patient. */
  public enum Reach {
    /** This patient's own data, asked for by id or found through their plan or triage. */
    ONE,
    /** Shown in a list of the clinic's patients. */
    LISTED
  }

  private final Map<PatientId, Reach> reached = new LinkedHashMap<>();
  private Caller caller;
  private boolean viaTicket;

  @Inject PatientKeys keys;

  /**
   * Notes that {@code caller} asks for {@code patient}'s data, and answers whether they may see it.
   *
   * @throws PatientErasedException if they may, but the patient was erased: nothing of theirs is shown
   */
  public boolean allows(Caller caller, PatientId patient) {
    boolean may = allowsEvenIfErased(caller, patient);
    if (may) {
      keys.requireNotErased(caller.tenant(), patient);
    }
    return may;
  }

  /** The same for the one thing still shown of an erased patient: the record of the erasure. */
  public boolean allowsEvenIfErased(Caller caller, PatientId patient) {
    note(caller, patient, Reach.ONE);
    return caller.maySee(patient);
  }

  /** Notes that a clinic list showed {@code patients} to {@code caller} (whose roles the endpoint checked). */
  public void shown(Caller caller, Collection<PatientId> patients) {
    patients.forEach(patient -> note(caller, patient, Reach.LISTED));
  }

  /** Notes that the caller came with a stream ticket rather than a bearer token. */
  public void openedWithTicket() {
    viaTicket = true;
  }

  public Map<PatientId, Reach> reached() {
    return Collections.unmodifiableMap(reached);
  }

  /** Who asked; null when the request reached no patient. */
  public Caller caller() {
    return caller;
  }

  public boolean viaTicket() {
    return viaTicket;
  }

  private void note(Caller who, PatientId patient, Reach reach) {
    caller = who;
    // reached directly and also in a list: the direct reach is what the record says
    reached.merge(patient, reach, (earlier, later) -> earlier == Reach.ONE || later == Reach.ONE ? Reach.ONE : earlier);
  }
}
