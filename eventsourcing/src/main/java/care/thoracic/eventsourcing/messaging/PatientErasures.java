package care.thoracic.eventsourcing.messaging;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.PatientErased;
import care.thoracic.eventsourcing.crypto.PatientKeys;
import care.thoracic.eventsourcing.projection.PatientData;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jboss.logging.Logger;

/**
 * A service's part of an erasure ({@code care.erasure.v1}): it stops using the patient's key and
 * every {@link PatientData} of the service forgets the patient. The patient's events need nothing:
 * their key is gone, so every copy, in every store, topic and dead-letter topic, is unreadable.
 *
 * <p>Another instance of the service may still hold the key in memory (for at most the key cache's
 * lifetime) and project an event it opened before it learnt of the erasure. So each erasure is
 * applied twice: at once, and again once every instance's cached key has expired; the record is
 * acknowledged only after the second pass. Erasures are rare; the pause holds only this channel.
 */
@ApplicationScoped
public class PatientErasures {
  private static final Logger LOG = Logger.getLogger(PatientErasures.class);

  @Inject PatientKeys keys;
  @Inject @All List<PatientData> holders;
  @Inject MeterRegistry meters;

  public void apply(EventEnvelope<CareEvent> envelope) {
    if (!(envelope.event() instanceof PatientErased erased)) {
      return;
    }
    keys.erasedElsewhere(envelope.tenant(), erased.patientId());
    forget(envelope, erased);
    LOG.infof("patient %s of %s forgotten by %s; again in %s, when every instance's cached key has expired",
        erased.patientId(), envelope.tenant(), holders.stream().map(h -> h.getClass().getSimpleName()).toList(),
        keys.cacheTtl().plusSeconds(1));
    try {
      Thread.sleep(keys.cacheTtl().plusSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("shutting down before the second pass: the erasure comes again");
    }
    forget(envelope, erased);
    meters.counter("care.erasures.applied").increment();
    LOG.infof("patient %s of %s forgotten again (erasure %s)", erased.patientId(), envelope.tenant(),
        envelope.metadata().eventId());
  }

  private void forget(EventEnvelope<CareEvent> envelope, PatientErased erased) {
    for (PatientData holder : holders) {
      holder.forget(envelope.tenant(), erased);
    }
  }
}
