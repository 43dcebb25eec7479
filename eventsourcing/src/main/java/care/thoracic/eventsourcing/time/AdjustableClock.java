package care.thoracic.eventsourcing.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service clock: real time plus an offset that stays zero unless
 * {@code care.clock.adjustable=true} (dev and test only) lets {@code PUT /admin/clock} move it, so
 * a demo or system test can walk through eight weeks of therapy in minutes. Always UTC; patients'
 * local times come from their zone.
 */
public final class AdjustableClock extends Clock {
  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  public AdjustableClock(Clock base) {
    this.base = base.withZone(ZoneOffset.UTC);
  }

  public Duration offset() {
    return offset;
  }

  public void setOffset(Duration offset) {
    this.offset = offset;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(base.withZone(zone), offset);
  }
}
