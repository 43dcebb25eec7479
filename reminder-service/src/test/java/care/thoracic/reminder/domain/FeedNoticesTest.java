package care.thoracic.reminder.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.Actor;
import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.DecidedBy;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.ProgressOutcome;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PhaseAdvanced;
import care.thoracic.contracts.events.PlanResumed;
import care.thoracic.contracts.events.PlanSuspended;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.reminder.domain.PushNotice.Urgency;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the patient's app is told about each event: given an event, when it is read, then the notice. */
class FeedNoticesTest {
  private static final PatientId PATIENT = PatientId.of("pat-1");
  private static final UUID PLAN = UUID.randomUUID();
  private static final Instant NOW = Instant.parse("2026-12-12T06:00:00Z");

  private static Optional<FeedNotice> noticeOf(CareEvent event) {
    return FeedNotices.of(new EventEnvelope<>(new EventMetadata(UUID.randomUUID(), Tenant.of("clinic-a"),
        "plan-" + PLAN, 1, NOW, "corr-1", "cause-1", Actor.service("test")), event));
  }

  @Test
  void a_flag_says_what_to_do_in_the_patients_words_and_never_which_sign_or_the_clinicians_reasons() {
    RedFlagRaised flag = new RedFlagRaised(UUID.randomUUID(), PATIENT, FlagCode.PERSISTENT_NEUROLOGICAL_SYMPTOMS,
        Severity.URGENT, Recommendation.EMERGENCY_CARE, FlagSource.PROGRESS, null, PLAN,
        List.of("Numbness reported on 3 sessions over 9 days (CLINICAL 5)"));

    FeedNotice notice = noticeOf(flag).orElseThrow();

    assertThat(notice.kind()).isEqualTo(FeedEntryKind.FLAG_RAISED);
    assertThat(notice.text()).contains("call your local emergency number now");
    assertThat(notice.title() + notice.text() + notice.details() + notice.push().lockScreenText())
        .doesNotContain("NEUROLOGICAL", "Numbness reported", "CLINICAL", "PROGRESS");
    assertThat(notice.push().urgency()).isEqualTo(Urgency.HIGH);
    assertThat(notice.push().lockScreenText()).doesNotContainIgnoringCase("numb").doesNotContainIgnoringCase("flag");
  }

  @Test
  void a_suspension_or_resume_never_shows_the_clinicians_free_text() {
    FeedNotice suspended = noticeOf(new PlanSuspended(PLAN, PATIENT, null, null, "suspected fracture, see notes"))
        .orElseThrow();
    FeedNotice resumed = noticeOf(new PlanResumed(PLAN, PATIENT, Phase.MOBILITY, List.of(),
        "MRI clear, patient anxious", null)).orElseThrow();

    assertThat(suspended.text() + suspended.title()).doesNotContain("fracture");
    assertThat(suspended.push().urgency()).isEqualTo(Urgency.HIGH);
    assertThat(resumed.text() + resumed.title()).doesNotContain("MRI", "anxious").contains("mobility");
    assertThat(resumed.details()).containsEntry("todayChanged", "true");
    assertThat(suspended.push().topic()).isEqualTo(resumed.push().topic()); // a newer plan push replaces a queued one
  }

  @Test
  void a_phase_change_by_the_review_gives_the_reviews_reasons_and_one_by_a_clinician_does_not() {
    String reviewReason = "Adherence 86% (12 of 14 days with a session; at least 70% needed).";
    FeedNotice byReview = noticeOf(new PhaseAdvanced(PLAN, PATIENT, Phase.FOUNDATION, Phase.MOBILITY,
        DecidedBy.SCHEDULED_REVIEW, List.of(reviewReason), LocalDate.of(2026, 12, 12), LocalDate.of(2026, 12, 26)))
        .orElseThrow();
    FeedNotice byClinician = noticeOf(new PhaseAdvanced(PLAN, PATIENT, Phase.FOUNDATION, Phase.MOBILITY,
        DecidedBy.CLINICIAN, List.of("discussed in clinic, patient's knee"), LocalDate.of(2026, 12, 12), null))
        .orElseThrow();

    assertThat(byReview.text()).contains("mobility phase", reviewReason);
    assertThat(byClinician.text()).contains("mobility phase").doesNotContain("knee");
    assertThat(byReview.details()).containsEntry("phase", "MOBILITY");
  }

  @Test
  void a_reminder_is_one_notice_however_often_it_was_fired_and_only_if_it_went_to_the_inbox() {
    UUID reminderId = UUID.randomUUID();
    ReminderSent first = new ReminderSent(reminderId, PLAN, PATIENT, ReminderKind.BREATHING, Channel.INBOX, NOW, NOW, 1);
    ReminderSent again = new ReminderSent(reminderId, PLAN, PATIENT, ReminderKind.BREATHING, Channel.INBOX, NOW,
        NOW.plusSeconds(40), 1);
    ReminderSent byWebhook = new ReminderSent(UUID.randomUUID(), PLAN, PATIENT, ReminderKind.ICE, Channel.WEBHOOK,
        NOW, NOW, 1);

    FeedNotice notice = noticeOf(first).orElseThrow();

    assertThat(noticeOf(again).orElseThrow().sourceKey()).isEqualTo(notice.sourceKey());
    assertThat(noticeOf(byWebhook)).isEmpty();
    assertThat(notice.title()).isEqualTo("Time for your breathing exercise");
    assertThat(notice.push().topic()).isEqualTo("reminder-breathing");
    assertThat(notice.push().timeToLive()).isEqualTo(FeedNotices.REMINDER_PUSH_LIFETIME);
  }

  @Test
  void a_progress_check_reads_as_figures_the_patient_knows() {
    FeedNotice notice = noticeOf(new ProgressAssessed(UUID.randomUUID(), PLAN, PATIENT, 4, ProgressOutcome.IMPROVING,
        6, 3.14, -2.86, -47.7, true, 0.857, List.of("7-day mean 3.1 against baseline 6"))).orElseThrow();

    assertThat(notice.text()).isEqualTo("Your pain is improving. Your average pain this week was 3.1 out of 10 "
        + "(6 when you started). You exercised on 86% of days.");
    assertThat(notice.details()).containsEntry("outcome", "IMPROVING").containsEntry("meanPain7d", "3.1");
  }
}
