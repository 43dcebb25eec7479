package care.thoracic.eventsourcing.store;

import care.thoracic.contracts.EventMetadata;
import care.thoracic.contracts.Identifiers;
import care.thoracic.contracts.Tenant;
import java.util.Objects;

/**
 * Where a stream stood when it was read: the only thing an append accepts as its expected version.
 * Obtained from {@link EventStore#load} or, for a stream the caller creates, {@link #newStream}.
 * Because every head is a real commit boundary, an append from a stale head always collides with
 * the commit that moved the stream on.
 */
public final class StreamHead {
  private final Tenant tenant;
  private final String streamId;
  private final long version;
  private final long position;

  StreamHead(Tenant tenant, String streamId, long version, long position) {
    this.tenant = Objects.requireNonNull(tenant, "tenant is required");
    this.streamId = Identifiers.require("streamId", streamId, EventMetadata.STREAM_ID);
    this.version = version;
    this.position = position;
  }

  /** The head of a stream that does not exist yet; appending fails if someone created it first. */
  public static StreamHead newStream(Tenant tenant, String streamId) {
    return new StreamHead(tenant, streamId, 0, 0);
  }

  public Tenant tenant() {
    return tenant;
  }

  public String streamId() {
    return streamId;
  }

  /** 0 for a stream with no events. */
  public long version() {
    return version;
  }

  /** Ordering key of the last commit; the next commit of this stream gets a larger one. */
  long position() {
    return position;
  }

  @Override
  public String toString() {
    return tenant + "/" + streamId + "@" + version;
  }
}
