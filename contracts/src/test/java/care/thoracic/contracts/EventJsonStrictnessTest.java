package care.thoracic.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.TriageCompleted;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import org.junit.jupiter.api.Test;

/** What a consumer reading an event can rely on. */
class EventJsonStrictnessTest {
  private final ObjectNode session =
      CareJson.mapper().valueToTree(SampleEvents.of(EventType.SESSION_LOGGED));

  @Test
  void a_missing_number_is_refused_rather_than_read_as_zero() {
    session.remove("painAfter");
    assertThatThrownBy(() -> read(session)).hasMessageContaining("painAfter");
  }

  @Test
  void an_explicit_null_for_a_number_is_refused() {
    session.putNull("painBefore");
    assertThatThrownBy(() -> read(session)).hasMessageContaining("painBefore");
  }

  @Test
  void an_unknown_enum_value_is_refused() {
    session.putArray("symptoms").add("DIZZINESS");
    assertThatThrownBy(() -> read(session)).hasMessageContaining("DIZZINESS");
  }

  @Test
  void an_out_of_range_value_is_refused_by_the_record_itself() {
    session.put("painAfter", 11);
    assertThatThrownBy(() -> read(session)).hasMessageContaining("between 0 and 10");
  }

  @Test
  void an_id_that_could_be_a_mongo_operator_is_refused() {
    session.put("patientId", "{\"$gt\":\"\"}");
    assertThatThrownBy(() -> read(session)).hasMessageContaining("patientId");
    assertThatThrownBy(() -> PatientId.of("$where")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tenant.of("clinic.a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_field_from_a_newer_producer_is_ignored_so_consumers_survive_additive_releases() throws Exception {
    session.put("mood", "GOOD");
    assertThat(read(session)).isEqualTo(SampleEvents.of(EventType.SESSION_LOGGED));
  }

  @Test
  void sets_are_written_in_declaration_order_whatever_the_input_order() throws Exception {
    TriageCompleted triage = (TriageCompleted) SampleEvents.of(EventType.TRIAGE_COMPLETED);
    String json = CareJson.mapper().writeValueAsString(triage);
    assertThat(json).contains("\"aggravators\":[\"SITTING\",\"DESK_WORK\",\"PHONE_USE\"]");
  }

  private static SessionLogged read(ObjectNode json) throws Exception {
    return CareJson.mapper().treeToValue(json, SessionLogged.class);
  }

  @Test
  void a_work_pattern_written_before_work_days_existed_reads_as_monday_to_friday() throws Exception {
    TriageCompleted sample = (TriageCompleted) SampleEvents.of(EventType.TRIAGE_COMPLETED);
    ObjectNode old = CareJson.mapper().valueToTree(sample);
    ((ObjectNode) old.get("intake").get("work")).remove("days"); // the shape before 2026-11-30
    TriageCompleted read = CareJson.mapper().readValue(old.toString(), TriageCompleted.class);
    assertThat(read.intake().work().days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
        DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    assertThat(read.intake().work().workStart()).isEqualTo(sample.intake().work().workStart());
  }

  @Test
  void an_intake_written_before_notes_existed_reads_with_none() throws Exception {
    TriageCompleted sample = (TriageCompleted) SampleEvents.of(EventType.TRIAGE_COMPLETED);
    ObjectNode old = CareJson.mapper().valueToTree(sample);
    ((ObjectNode) old.get("intake")).remove("notes"); // the shape before 2026-12-01
    TriageCompleted read = CareJson.mapper().readValue(old.toString(), TriageCompleted.class);
    assertThat(read.intake().notes()).isNull();
    assertThat(read.intake().painScore()).isEqualTo(sample.intake().painScore());
    assertThat(sample.intake().notes()).as("the sample has notes, so the field was there to remove").isNotNull();
  }

  @Test
  void only_the_field_added_later_is_filled_in_a_missing_original_one_is_still_refused() {
    ObjectNode old = CareJson.mapper().valueToTree(SampleEvents.of(EventType.TRIAGE_COMPLETED));
    ((ObjectNode) old.get("intake").get("work")).remove("days");
    ((ObjectNode) old.get("intake").get("work")).remove("deskHoursPerDay");
    assertThatThrownBy(() -> CareJson.mapper().readValue(old.toString(), TriageCompleted.class))
        .hasMessageContaining("deskHoursPerDay");
  }
}
