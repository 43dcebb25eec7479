package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientErasedException;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.crypto.PatientPayloads;
import care.thoracic.eventsourcing.projection.PatientData;
import care.thoracic.reminder.domain.QuietHours;
import care.thoracic.reminder.domain.ReminderPreferences;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.LocalTime;
import java.time.ZoneId;
import org.bson.Document;

/**
 * Each patient's reminder preferences: when (for the schedule) and how (for delivery). Where the
 * patient is (their zone when travelling) and their webhook URL are sealed with the patient's key;
 * preferences saved before (2026-12-01) hold them in the clear and still read, until saved again.
 */
@Singleton
public class PreferencesStore implements PatientData {
  private final MongoCollection<Document> preferences;
  private final PatientPayloads payloads;

  @Inject
  public PreferencesStore(MongoDatabase database, PatientPayloads payloads) {
    this.payloads = payloads;
    this.preferences = database.getCollection("reminder_preferences");
  }

  /** A patient's choices; the defaults (inbox, rules' times, plan's zone) until they make any. */
  public record Stored(ReminderPreferences schedule, Channel channel, @Nullable URI webhookUrl) {
    public static final Stored DEFAULTS = new Stored(ReminderPreferences.DEFAULTS, Channel.INBOX, null);
  }

  /**
   * The patient's choices. A patient erased a moment ago (their key gone, the erasure not yet applied
   * here) reads as the defaults: the planner and the dispatcher walk every clinic's patients and must
   * not stop at one whose sealed choices no longer open; what they plan or send for that patient
   * fails on its own (nothing of theirs can be appended), and the erasure removes it shortly.
   */
  public Stored of(Tenant tenant, PatientId patient) {
    Document doc = preferences.find(eq("_id", key(tenant, patient))).first();
    if (doc == null) {
      return Stored.DEFAULTS;
    }
    try {
      return stored(tenant, patient, doc);
    } catch (PatientErasedException e) {
      return Stored.DEFAULTS;
    }
  }

  private Stored stored(Tenant tenant, PatientId patient, Document doc) {
    Document quiet = doc.get("quietHours", Document.class);
    return new Stored(new ReminderPreferences(time(doc.getString("exerciseAt")),
        quiet == null ? null : new QuietHours(LocalTime.parse(quiet.getString("start")),
            LocalTime.parse(quiet.getString("end"))),
        doc.getString("timezone") == null ? null : ZoneId.of(opened(tenant, patient, "timezone", doc))),
        Channel.valueOf(doc.getString("channel")),
        doc.getString("webhookUrl") == null ? null : URI.create(opened(tenant, patient, "webhookUrl", doc)));
  }

  public void save(Tenant tenant, PatientId patient, Stored chosen) {
    ReminderPreferences schedule = chosen.schedule();
    QuietHours quiet = schedule.quietHours();
    preferences.replaceOne(eq("_id", key(tenant, patient)), new Document("_id", key(tenant, patient))
        .append("tenant", tenant.id()).append("patientId", patient.value())
        .append("exerciseAt", schedule.exerciseAt() == null ? null : schedule.exerciseAt().toString())
        .append("quietHours", quiet == null ? null
            : new Document("start", quiet.start().toString()).append("end", quiet.end().toString()))
        .append("timezone", schedule.timezone() == null ? null
            : sealed(tenant, patient, "timezone", schedule.timezone().getId()))
        .append("channel", chosen.channel().name())
        .append("webhookUrl", chosen.webhookUrl() == null ? null
            : sealed(tenant, patient, "webhookUrl", chosen.webhookUrl().toString())),
        new ReplaceOptions().upsert(true));
  }

  private String sealed(Tenant tenant, PatientId patient, String field, String value) {
    return payloads.sealField(tenant, patient, place(tenant, patient, field), value);
  }

  private String opened(Tenant tenant, PatientId patient, String field, Document doc) {
    return payloads.openField(tenant, patient, place(tenant, patient, field), doc.getString(field));
  }

  private static String place(Tenant tenant, PatientId patient, String field) {
    return "reminder_preferences/" + key(tenant, patient) + "/" + field;
  }

  private static LocalTime time(@Nullable String value) {
    return value == null ? null : LocalTime.parse(value);
  }

  private static String key(Tenant tenant, PatientId patient) {
    return tenant.id() + "/" + patient.value();
  }

  @Override
  public void forget(Tenant tenant, PatientErased erasure) {
    preferences.deleteOne(eq("_id", key(tenant, erasure.patientId())));
  }
}
