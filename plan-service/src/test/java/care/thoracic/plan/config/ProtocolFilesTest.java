package care.thoracic.plan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.plan.domain.Protocol;
import care.thoracic.plan.domain.Protocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolFilesTest {
  private final Protocols shipped = ProtocolFiles.load();
  private final Protocol protocol = shipped.current();

  @Test
  void the_shipped_protocols_load_without_problems_and_the_newest_starts_new_plans() {
    assertThat(protocol.problems()).isEmpty();
    assertThat(protocol.canonicalVersion()).isEqualTo("thoracic-v1@2026.12");
    assertThat(shipped.version("thoracic-v1@2026.11").problems()).isEmpty();
    assertThat(protocol.phases()).extracting(Protocol.PhaseSpec::phase).containsExactly(Phase.values());
  }

  @Test
  void a_plan_keeps_its_version_the_2026_11_systemic_variant_still_lists_own_activity() {
    Protocol older = shipped.version("thoracic-v1@2026.11");
    assertThat(older.activities(PlanVariant.SYSTEMIC, false, Phase.MAINTENANCE, 14)).extracting(Protocol.Activity::id)
        .containsExactly("own-activity");
    assertThat(older.variant(PlanVariant.STRUCTURAL).clearable()).isTrue();
  }

  @Test
  void the_phase_lengths_are_those_of_the_guide() {
    assertThat(protocol.phase(Phase.ACUTE).lengthDays()).isEqualTo(3); // 72 h from onset
    assertThat(protocol.phase(Phase.FOUNDATION).lengthDays()).isEqualTo(14); // weeks 1-2
    assertThat(protocol.phase(Phase.MOBILITY).lengthDays()).isEqualTo(14); // weeks 3-4
    assertThat(protocol.phase(Phase.STRENGTH).lengthDays()).isEqualTo(28); // weeks 5-8
    assertThat(protocol.phase(Phase.MAINTENANCE).lengthDays()).isNull();
    assertThat(protocol.advancement()).isEqualTo(new Protocol.Advancement(0.6, 1, 7, 2));
  }

  @Test
  void the_structural_variant_leaves_out_foam_roller_extension_and_loaded_rotation() {
    assertThat(ids(PlanVariant.STANDARD, Phase.MOBILITY, 0)).contains("foam-roller-extension", "quadruped-rotation");
    assertThat(ids(PlanVariant.STRUCTURAL, Phase.MOBILITY, 0))
        .doesNotContain("foam-roller-extension", "quadruped-rotation").contains("prone-ytw", "thread-the-needle");
    assertThat(ids(PlanVariant.STRUCTURAL, Phase.MAINTENANCE, 0)).doesNotContain("foam-roller-extension");
  }

  @Test
  void once_a_clinician_cleared_the_structural_restriction_the_full_protocol_applies() {
    assertThat(protocol.variant(PlanVariant.STRUCTURAL).clearable()).isTrue();
    assertThat(protocol.activities(PlanVariant.STRUCTURAL, true, Phase.MOBILITY, 0))
        .isEqualTo(protocol.activities(PlanVariant.STANDARD, false, Phase.MOBILITY, 0));
    assertThat(protocol.activities(PlanVariant.STRUCTURAL, true, Phase.MAINTENANCE, 0)).extracting(Protocol.Activity::id)
        .contains("foam-roller-extension");
  }

  @Test
  void the_systemic_variant_cannot_be_cleared_a_cleared_flag_changes_nothing() {
    assertThat(protocol.variant(PlanVariant.SYSTEMIC).clearable()).isFalse();
    assertThat(protocol.activities(PlanVariant.SYSTEMIC, true, Phase.STRENGTH, 0))
        .isEqualTo(protocol.activities(PlanVariant.SYSTEMIC, false, Phase.STRENGTH, 0));
  }

  @Test
  void the_systemic_variant_is_breathing_and_gentle_mobility_only() {
    for (Phase phase : List.of(Phase.ACUTE, Phase.FOUNDATION, Phase.MOBILITY, Phase.STRENGTH)) {
      assertThat(protocol.activities(PlanVariant.SYSTEMIC, false, phase, 0))
          .allSatisfy(a -> assertThat(a.tags()).containsAnyOf("BREATHING", "GENTLE_MOBILITY"));
    }
    assertThat(ids(PlanVariant.SYSTEMIC, Phase.STRENGTH, 0)).doesNotContain("band-rows", "dead-bugs", "bird-dog");
  }

  @Test
  void the_systemic_variant_has_no_own_sport_or_loaded_item_in_any_phase_or_week() {
    for (Phase phase : Phase.values()) {
      for (int day = 0; day < 28; day += 7) {
        assertThat(protocol.activities(PlanVariant.SYSTEMIC, false, phase, day)).as(phase + " day " + day)
            .noneMatch(a -> a.tags().contains("OWN_SPORT") || a.tags().contains("LOADED_ROTATION")
                || a.tags().contains("STRENGTH"));
      }
    }
    assertThat(ids(PlanVariant.SYSTEMIC, Phase.MAINTENANCE, 14)).containsExactly("daily-tasks");
  }

  @Test
  void carried_over_items_are_marked_with_the_phase_they_come_from() {
    assertThat(protocol.activities(PlanVariant.STANDARD, false, Phase.STRENGTH, 0))
        .filteredOn(a -> a.id().equals("diaphragmatic-breathing")).singleElement()
        .extracting(Protocol.Activity::carryOverFrom).isEqualTo(Phase.FOUNDATION);
    assertThat(protocol.activities(PlanVariant.STANDARD, false, Phase.STRENGTH, 0))
        .filteredOn(a -> a.id().equals("band-rows")).singleElement()
        .extracting(Protocol.Activity::carryOverFrom).isNull();
    assertThat(protocol.activities(PlanVariant.STANDARD, false, Phase.FOUNDATION, 0))
        .allSatisfy(a -> assertThat(a.carryOverFrom()).isNull());
  }

  @Test
  void maintenance_walks_its_monthly_cycle_week_by_week() {
    assertThat(ids(PlanVariant.STANDARD, Phase.MAINTENANCE, 0)).contains("foam-roller-extension");
    assertThat(ids(PlanVariant.STANDARD, Phase.MAINTENANCE, 7)).contains("band-rows");
    assertThat(ids(PlanVariant.STANDARD, Phase.MAINTENANCE, 14)).containsExactly("own-sport", "daily-tasks");
    assertThat(ids(PlanVariant.STANDARD, Phase.MAINTENANCE, 21)).containsExactly("self-assessment");
    assertThat(ids(PlanVariant.STANDARD, Phase.MAINTENANCE, 28)).contains("foam-roller-extension");
  }

  @Test
  void broken_protocol_data_is_reported_before_it_is_used() {
    List<Protocol.PhaseSpec> phases = new ArrayList<>(protocol.phases());
    Protocol.PhaseSpec foundation = phases.get(1);
    Protocol.Activity first = foundation.activities().getFirst();
    Protocol.Activity noFrequency = new Protocol.Activity(first.id(), first.name(), first.tags(), first.instructions(),
        new Protocol.Dosage(3, 10, null, null, null, null, null, null, " ", null), null);
    List<Protocol.Activity> activities = new ArrayList<>(foundation.activities());
    activities.set(0, noFrequency);
    Protocol.Activity last = activities.getLast();
    activities.set(activities.size() - 1, new Protocol.Activity(last.id(), last.name(), last.tags(), last.instructions(),
        last.dosage(), Phase.STRENGTH)); // carried over from a later phase
    phases.set(1, new Protocol.PhaseSpec(foundation.phase(), foundation.window(), foundation.lengthDays(),
        foundation.lengthCountsFrom(), foundation.reviewed(), activities, List.of()));
    phases.add(phases.remove(2)); // MOBILITY last: phases no longer contiguous
    Protocol broken = new Protocol(protocol.id(), protocol.version(), protocol.source(), protocol.advancement(), phases,
        Map.of(PlanVariant.STANDARD, protocol.variants().get(PlanVariant.STANDARD),
            PlanVariant.STRUCTURAL, protocol.variants().get(PlanVariant.STRUCTURAL),
            PlanVariant.SYSTEMIC, new Protocol.VariantSpec("nothing", null, java.util.Set.of("NO_SUCH_TAG"), true)),
        protocol.education());
    assertThat(broken.problems()).anyMatch(p -> p.startsWith("phases must be"))
        .anyMatch(p -> p.equals("FOUNDATION/" + first.id() + ": every activity needs a dosage with a frequency"))
        .anyMatch(p -> p.contains("variant SYSTEMIC would leave a day with nothing to do"))
        .anyMatch(p -> p.equals("variant SYSTEMIC names tag NO_SUCH_TAG, which no activity has"))
        .anyMatch(p -> p.equals("variant SYSTEMIC is clearable but restricts nothing it could lift (no excludeTags)"))
        .anyMatch(p -> p.equals("FOUNDATION/" + last.id() + ": carried over from STRENGTH, an earlier phase that must "
            + "have it"));
    assertThatThrownBy(() -> new care.thoracic.plan.domain.Protocols(List.of(broken)))
        .hasMessageContaining("is not usable");
  }

  @Test
  void a_misspelled_key_in_protocol_data_fails_loading() {
    assertThatThrownBy(() -> ProtocolFiles.read("protocols/misspelled-test.json"))
        .hasMessageContaining("protocol does not load").rootCause().hasMessageContaining("lenghtDays");
  }

  private List<String> ids(PlanVariant variant, Phase phase, long day) {
    return protocol.activities(variant, false, phase, day).stream().map(Protocol.Activity::id).toList();
  }
}
