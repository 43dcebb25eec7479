package care.thoracic.triage.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The triage intake of CLINICAL.md §1, read strictly: an unknown field (a misspelt red-flag answer
 * above all) is refused, as is an unknown value, a missing red-flag answer or a number out of range.
 */
@Schema(name = "Intake", description = "A triage intake (CLINICAL.md §1). Unknown fields are refused.")
public record IntakeRequest(
    @NotNull @Pattern(regexp = PatientId.REGEX) String patientId,
    @NotNull @Min(5) @Max(120) Integer age,
    @NotNull @Schema(examples = "Europe/Berlin") String timezone,
    @NotNull @Min(0) @Max(10) @Schema(description = "Numeric rating scale 0-10 (LOINC 72514-3)") Integer painScore,
    @NotNull @Valid PainRegion painRegion,
    @NotNull Onset onset,
    @NotNull @Schema(description = "When the pain began (the patient's local date); not in the future") LocalDate onsetDate,
    Set<@NotNull Aggravator> aggravators,
    Set<@NotNull HistoryItem> history,
    Set<@NotNull IntakeSymptom> symptoms,
    @NotNull @Valid RedFlags redFlags,
    @Valid Work work,
    @Size(max = TriageIntake.MAX_NOTES_LENGTH)
    @Schema(description = "Anything the patient wants their clinician to know, in their words (free text, kept "
        + "sealed; the triage rules never read it). Blank counts as none.", example = "Worse after long drives.")
    String notes) {

  /** Thoracic levels, from the upper to the lower. */
  public record PainRegion(@NotNull ThoracicLevel from, @NotNull ThoracicLevel to) {}

  /** Every warning-sign question must be answered, true or false. */
  public record RedFlags(
      @NotNull Boolean progressiveNumbness,
      @NotNull Boolean bowelBladderDysfunction,
      @NotNull Boolean fever,
      @NotNull Boolean unexplainedWeightLoss,
      @NotNull Boolean significantTrauma,
      @NotNull Boolean chestPainOrBreathlessness) {}

  /**
   * The working day in local time; a night shift ends before it starts. {@code days}: the days a
   * shift starts on, the clinic's default (Monday to Friday unless it set others) when left out;
   * work-hour reminders go out on those only.
   */
  public record Work(
      @NotNull @Min(0) @Max(24) Integer deskHoursPerDay,
      @NotNull LocalTime workStart,
      @NotNull LocalTime workEnd,
      @NotNull Boolean standingDesk,
      @Size(min = 1, max = 7) Set<@NotNull DayOfWeek> days) {}

  /**
   * The intake as the domain takes it, once the rules Bean Validation cannot express hold.
   *
   * @param clock the service clock; the onset date is checked against today in the patient's zone
   * @param clinicWorkDays the work days of an intake that names none
   */
  TriageIntake toIntake(Clock clock, Set<DayOfWeek> clinicWorkDays) {
    List<FieldError> errors = new ArrayList<>();
    ZoneId zone = null;
    try {
      zone = ZoneId.of(timezone);
    } catch (DateTimeException e) {
      errors.add(new FieldError("timezone", "must be an IANA time zone such as Europe/Berlin"));
    }
    if (painRegion.from().compareTo(painRegion.to()) > 0) {
      errors.add(new FieldError("painRegion", "from (" + painRegion.from() + ") must not be below to (" + painRegion.to()
          + ")"));
    }
    if (zone != null && onsetDate.isAfter(LocalDate.now(clock.withZone(zone)))) {
      errors.add(new FieldError("onsetDate", "must not be after today (" + LocalDate.now(clock.withZone(zone)) + " in "
          + zone + ")"));
    }
    if (work != null && work.workStart().equals(work.workEnd())) {
      errors.add(new FieldError("work.workEnd", "must differ from work.workStart"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new TriageIntake(age, zone, painScore, new ThoracicRange(painRegion.from(), painRegion.to()), onset,
        onsetDate, aggravators, history, symptoms,
        new RedFlagAnswers(redFlags.progressiveNumbness(), redFlags.bowelBladderDysfunction(), redFlags.fever(),
            redFlags.unexplainedWeightLoss(), redFlags.significantTrauma(), redFlags.chestPainOrBreathlessness()),
        work == null ? null
            : new WorkPattern(work.deskHoursPerDay(), work.workStart(), work.workEnd(), work.standingDesk(),
                work.days() == null ? clinicWorkDays : work.days()),
        notes == null || notes.isBlank() ? null : notes.strip());
  }

  PatientId patient() {
    return PatientId.of(patientId);
  }
}
