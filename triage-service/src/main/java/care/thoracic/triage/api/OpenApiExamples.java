package care.thoracic.triage.api;

/** Example intakes for the OpenAPI document, one per disposition. */
final class OpenApiExamples {
  private OpenApiExamples() {}

  private static final String NO_RED_FLAGS = """
      "redFlags": {"progressiveNumbness": false, "bowelBladderDysfunction": false, "fever": false,
                   "unexplainedWeightLoss": false, "significantTrauma": false, "chestPainOrBreathlessness": false}""";

  static final String SELF_CARE = """
      {"patientId": "pat-0001", "age": 34, "timezone": "Europe/Berlin", "painScore": 5,
       "painRegion": {"from": "T5", "to": "T8"}, "onset": "GRADUAL", "onsetDate": "2026-11-20",
       "aggravators": ["SITTING", "DESK_WORK", "PHONE_USE"], "history": [], "symptoms": [],
       """ + NO_RED_FLAGS + """
      ,
       "work": {"deskHoursPerDay": 7, "workStart": "09:00", "workEnd": "17:30", "standingDesk": true,
                "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY"]}}""";

  static final String MODIFIED_CARE = """
      {"patientId": "pat-0002", "age": 58, "timezone": "America/New_York", "painScore": 4,
       "painRegion": {"from": "T7", "to": "T9"}, "onset": "GRADUAL", "onsetDate": "2026-10-30",
       "aggravators": ["LIFTING", "TWISTING"], "history": ["DEGENERATIVE_DISC_DISEASE"], "symptoms": [],
       """ + NO_RED_FLAGS + "}";

  static final String REFER = """
      {"patientId": "pat-0003", "age": 45, "timezone": "Europe/London", "painScore": 3,
       "painRegion": {"from": "T6", "to": "T9"}, "onset": "GRADUAL", "onsetDate": "2026-11-02",
       "aggravators": ["MEALS", "LYING_DOWN"], "history": ["GERD"], "symptoms": ["HEARTBURN"],
       """ + NO_RED_FLAGS + "}";

  static final String URGENT = """
      {"patientId": "pat-0004", "age": 61, "timezone": "Europe/Berlin", "painScore": 8,
       "painRegion": {"from": "T8", "to": "T11"}, "onset": "SUDDEN", "onsetDate": "2026-11-23",
       "aggravators": [], "history": [], "symptoms": ["FATIGUE"],
       "redFlags": {"progressiveNumbness": false, "bowelBladderDysfunction": false, "fever": true,
                    "unexplainedWeightLoss": false, "significantTrauma": false, "chestPainOrBreathlessness": false}}""";

  static final String SELF_CARE_RESULT = """
      {"triageId": "6f1c2a9e-3b7d-4c1e-9a52-0d4e8b7f1a01", "patientId": "pat-0001",
       "completedAt": "2026-11-24T10:15:30Z", "rulesVersion": "triage-rules-2026.11",
       "category": "MECHANICAL", "suspectedConditions": ["POSTURAL_STRAIN"], "disposition": "SELF_CARE",
       "redFlags": [],
       "reasons": ["None of the warning signs that need emergency care were reported.",
                   "No sign of another cause was found: your pain looks mechanical, from posture or strain.",
                   "It gets worse with sitting or desk work, which points to a forward head posture.",
                   "It gets worse with phone use: looking down at a screen rounds the shoulders.",
                   "You spend about 7 hours a day at a desk, so short hourly breaks will be part of your plan, with changes at your standing desk.",
                   "You can start your exercise plan now."]}""";
}
