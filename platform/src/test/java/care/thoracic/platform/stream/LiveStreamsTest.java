package care.thoracic.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.Tenant;
import care.thoracic.platform.config.HttpEdgeConfig;
import care.thoracic.platform.tenancy.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A stream's slot is held while it lives and given back however it ends, also when it never started. */
class LiveStreamsTest {
  private final Caller caller = new Caller(Tenant.of("clinic-north"), "pat-1", Set.of("patient"));
  private final LiveStreams streams = new LiveStreams();

  {
    streams.edge = (HttpEdgeConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpEdgeConfig.class}, (proxy, method, args) -> switch (method.getName()) {
          case "maxStreamsPerCaller" -> 1;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private Multi<String> open(Uni<Void> before) {
    return streams.open(caller, Instant.now().plusSeconds(60), Multi.createFrom().items("a", "b"), "end", before);
  }

  @Test
  void a_stream_whose_opening_could_not_be_recorded_shows_nothing_and_gives_its_slot_back() {
    AssertSubscriber<String> failed = open(Uni.createFrom().failure(new IllegalStateException("audit down")))
        .subscribe().withSubscriber(AssertSubscriber.create(10));
    failed.assertFailedWith(IllegalStateException.class, "audit down");
    assertThat(failed.getItems()).isEmpty();

    AssertSubscriber<String> next = open(Uni.createFrom().voidItem()).subscribe().withSubscriber(AssertSubscriber.create(10));
    next.awaitItems(2).assertItems("a", "b");
  }

  @Test
  void the_slot_is_held_while_the_stream_lives_and_a_second_stream_is_refused() {
    Multi<String> first = open(Uni.createFrom().voidItem());
    assertThatThrownBy(() -> open(Uni.createFrom().voidItem())).isInstanceOf(TooManyStreamsException.class);
    first.subscribe().withSubscriber(AssertSubscriber.create(10)).awaitItems(2).cancel();

    open(Uni.createFrom().voidItem()); // the cancelled one gave its slot back
  }
}
