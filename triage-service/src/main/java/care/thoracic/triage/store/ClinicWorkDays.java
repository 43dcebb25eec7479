package care.thoracic.triage.store;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.WorkPattern;
import care.thoracic.contracts.events.DefaultWorkDaysSet;
import care.thoracic.eventsourcing.store.Causation;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.LoadedStream;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The work days a clinic's intakes get when they name none. Every setting is an event
 * ({@link DefaultWorkDaysSet} on the clinic's stream {@value #STREAM}: who and when in its
 * metadata, why in its reason); the newest applies. A clinic that set none follows the platform's
 * default, Monday to Friday.
 */
@Singleton
public class ClinicWorkDays {
  static final String STREAM = "clinic-work-days";

  /** The clinic's work days (null: the platform's), and who set them, when and why. */
  public record Setting(@Nullable Set<DayOfWeek> chosen, @Nullable String setBy, @Nullable Instant setAt,
      @Nullable String reason) {
    static final Setting NONE = new Setting(null, null, null, null);

    /** The days an intake naming none gets. */
    public Set<DayOfWeek> inForce() {
      return chosen == null ? WorkPattern.WEEKDAYS : chosen;
    }
  }

  private final EventStore store;

  @Inject
  public ClinicWorkDays(EventStore store) {
    this.store = store;
  }

  public Setting of(Tenant tenant) {
    return store.load(tenant, STREAM).newest(DefaultWorkDaysSet.class).map(newest -> new Setting(
        newest.event().days(), newest.metadata().actor().id(), newest.metadata().occurredAt(),
        newest.event().reason())).orElse(Setting.NONE);
  }

  /**
   * Sets the clinic's work days (null: the platform's again). Validated by the caller.
   *
   * @throws care.thoracic.eventsourcing.store.ConcurrencyConflictException if another admin set them meanwhile
   */
  public Setting set(Tenant tenant, @Nullable Set<DayOfWeek> days, String reason, Causation causation) {
    LoadedStream settings = store.load(tenant, STREAM);
    store.append(settings.head(), List.of(new DefaultWorkDaysSet(days, reason)), causation);
    return of(tenant);
  }
}
