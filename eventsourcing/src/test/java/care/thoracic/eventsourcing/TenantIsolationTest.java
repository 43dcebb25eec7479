package care.thoracic.eventsourcing;

import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.EventEnvelope;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.eventsourcing.projection.ProjectionCollection;
import care.thoracic.eventsourcing.store.EventStore;
import care.thoracic.eventsourcing.store.StreamHead;
import care.thoracic.testkit.RequiresTestInfra;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@RequiresTestInfra
class TenantIsolationTest {
  private final MongoDatabase database = Kit.freshDatabase();
  private final EventStore store = Kit.store(database);
  private final Tenant clinicA = Kit.freshTenant();
  private final Tenant clinicB = Kit.freshTenant();

  @Test
  void the_same_stream_id_in_two_clinics_is_two_streams_and_a_load_sees_only_its_own() {
    UUID plan = UUID.randomUUID(); // the same ids on purpose: ids are not secrets
    Random random = new Random(42);
    StreamHead headA = StreamHead.newStream(clinicA, "progress-" + plan);
    StreamHead headB = StreamHead.newStream(clinicB, "progress-" + plan);
    int writtenA = 0;
    int writtenB = 0;
    for (int i = 0; i < 60; i++) {
      if (random.nextBoolean()) {
        headA = store.append(headA, List.of(Kit.session(plan, "pat-1", i, 2)), Kit.BY_TEST).head();
        writtenA++;
      } else {
        headB = store.append(headB, List.of(Kit.session(plan, "pat-1", i, 9)), Kit.BY_TEST).head();
        writtenB++;
      }
    }

    List<EventEnvelope<CareEvent>> seenByA = store.load(clinicA, "progress-" + plan).events();
    List<EventEnvelope<CareEvent>> seenByB = store.load(clinicB, "progress-" + plan).events();

    assertThat(seenByA).hasSize(writtenA).allSatisfy(e -> {
      assertThat(e.tenant()).isEqualTo(clinicA);
      assertThat(((SessionLogged) e.event()).painAfter()).isEqualTo(2);
    });
    assertThat(seenByB).hasSize(writtenB).allSatisfy(e -> assertThat(e.tenant()).isEqualTo(clinicB));
    assertThat(store.load(Kit.freshTenant(), "progress-" + plan).events()).isEmpty();
  }

  @Test
  void a_projection_query_of_clinic_a_never_returns_clinic_b_documents() {
    ProjectionCollection plans = new ProjectionCollection(database, "plans");
    UUID shared = UUID.randomUUID();
    for (Tenant tenant : List.of(clinicA, clinicB)) {
      StreamHead head = StreamHead.newStream(tenant, "plan-" + shared);
      var appended = store.append(head, List.of(Kit.session(shared, "pat-1", 0, 3)), Kit.BY_TEST);
      plans.applyOnce(appended.events().getFirst(), shared.toString(), set("owner", tenant.id()));
    }
    plans.applyOnce(store.append(StreamHead.newStream(clinicB, "plan-other"),
        List.of(Kit.session(UUID.randomUUID(), "pat-2", 0, 3)), Kit.BY_TEST).events().getFirst(), "other",
        set("owner", clinicB.id()));

    assertThat(plans.get(clinicA, shared.toString())).get()
        .extracting(doc -> doc.getString("owner")).isEqualTo(clinicA.id());
    assertThat(plans.get(clinicA, "other")).isEmpty();
    assertThat(plans.find(clinicA).into(new ArrayList<>())).extracting(doc -> doc.getString("owner"))
        .containsOnly(clinicA.id()).hasSize(1);
    assertThat(plans.find(clinicA, Filters.eq("owner", clinicB.id())).into(new ArrayList<Document>())).isEmpty();
    assertThat(plans.count(clinicB, Filters.empty(), 10)).isEqualTo(2);
  }
}
