package care.thoracic.reminder.store;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.DefaultQuietHoursSet;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.LoadedStream;
import care.thoracic.reminder.domain.QuietHours;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * The quiet hours a clinic sets for its patients who chose none. Every setting is an event
 * ({@link DefaultQuietHoursSet} on the clinic's stream {@value #STREAM}: who and when in its
 * metadata, why in its reason); the newest applies. A clinic that set none follows the rules'
 * default, so a default changed later reaches it.
 */
@Singleton
public class ClinicQuietHours {
  static final String STREAM = "clinic-quiet-hours";

  /** The clinic's quiet hours (null: the rules' default), and who set them, when and why. */
  public record Setting(@Nullable QuietHours chosen, @Nullable String setBy, @Nullable Instant setAt,
      @Nullable String reason) {
    static final Setting NONE = new Setting(null, null, null, null);
  }

  private final EventStore store;

  @Inject
  public ClinicQuietHours(EventStore store) {
    this.store = store;
  }

  public Setting of(Tenant tenant) {
    return store.load(tenant, STREAM).newest(DefaultQuietHoursSet.class).map(newest -> {
      DefaultQuietHoursSet set = newest.event();
      return new Setting(set.start() == null ? null : new QuietHours(set.start(), set.end()),
          newest.metadata().actor().id(), newest.metadata().occurredAt(), set.reason());
    }).orElse(Setting.NONE);
  }

  /**
   * Sets the clinic's quiet hours (null: the rules' default again). Validated by the caller.
   *
   * @throws care.thoracic.eventsourcing.store.ConcurrencyConflictException if another admin set them meanwhile
   */
  public Setting set(Tenant tenant, @Nullable QuietHours chosen, String reason, Causation causation) {
    LoadedStream settings = store.load(tenant, STREAM);
    store.append(settings.head(), List.of(new DefaultQuietHoursSet(chosen == null ? null : chosen.start(),
        chosen == null ? null : chosen.end(), reason)), causation);
    return of(tenant);
  }
}
