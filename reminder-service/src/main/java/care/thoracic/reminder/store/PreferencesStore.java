package care.thoracic.reminder.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.events.PatientErased;
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

/** Each patient's reminder preferences: when (for the schedule) and how (for delivery). */
@Singleton
public class PreferencesStore implements PatientData {
  private final MongoCollection<Document> preferences;

  @Inject
  public PreferencesStore(MongoDatabase database) {
    this.preferences = database.getCollection("reminder_preferences");
  }

  /** A patient's choices; the defaults (inbox, rules' times, plan's zone) until they make any. */
  public record Stored(ReminderPreferences schedule, Channel channel, @Nullable URI webhookUrl) {
    public static final Stored DEFAULTS = new Stored(ReminderPreferences.DEFAULTS, Channel.INBOX, null);
  }

  public Stored of(Tenant tenant, PatientId patient) {
    Document doc = preferences.find(eq("_id", key(tenant, patient))).first();
    if (doc == null) {
      return Stored.DEFAULTS;
    }
    Document quiet = doc.get("quietHours", Document.class);
    return new Stored(new ReminderPreferences(time(doc.getString("exerciseAt")),
        quiet == null ? null : new QuietHours(LocalTime.parse(quiet.getString("start")),
            LocalTime.parse(quiet.getString("end"))),
        doc.getString("timezone") == null ? null : ZoneId.of(doc.getString("timezone"))),
        Channel.valueOf(doc.getString("channel")),
        doc.getString("webhookUrl") == null ? null : URI.create(doc.getString("webhookUrl")));
  }

  public void save(Tenant tenant, PatientId patient, Stored chosen) {
    ReminderPreferences schedule = chosen.schedule();
    QuietHours quiet = schedule.quietHours();
    preferences.replaceOne(eq("_id", key(tenant, patient)), new Document("_id", key(tenant, patient))
        .append("tenant", tenant.id()).append("patientId", patient.value())
        .append("exerciseAt", schedule.exerciseAt() == null ? null : schedule.exerciseAt().toString())
        .append("quietHours", quiet == null ? null
            : new Document("start", quiet.start().toString()).append("end", quiet.end().toString()))
        .append("timezone", schedule.timezone() == null ? null : schedule.timezone().getId())
        .append("channel", chosen.channel().name())
        .append("webhookUrl", chosen.webhookUrl() == null ? null : chosen.webhookUrl().toString()),
        new ReplaceOptions().upsert(true));
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
