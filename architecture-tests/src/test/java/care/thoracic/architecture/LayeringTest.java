package care.thoracic.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import care.thoracic.contracts.PatientId;
import care.thoracic.platform.tenancy.Caller;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Optional;
import java.util.Set;

/**
 * The rules the module and package layout rests on (docs/design.md, "Modules and packages"). Each
 * failure names the rule, the reason and every offending dependency. A service is any
 * {@code care.thoracic.<name>} package but the shared modules' (a new service's module must also be a
 * dependency of this one, or it is not seen).
 */
@AnalyzeClasses(packages = "care.thoracic", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
  static final Set<String> SHARED = Set.of("contracts", "eventsourcing", "platform");

  /** The parts of the contracts a domain may use: value types, clinical vocabulary, events. No codecs, no Kafka. */
  private static final Set<String> CONTRACTS_FOR_DOMAINS = Set.of("care.thoracic.contracts",
      "care.thoracic.contracts.clinical", "care.thoracic.contracts.events");

  @ArchTest
  static final ArchRule domain_is_plain_java_and_contracts = classes()
      .that().resideInAPackage("care.thoracic.*.domain..")
      .should(dependOnlyOnPlainJavaContractsDeciderAndOwnDomain())
      .because("the clinical rules and deciders are pure functions: tested without a framework, a store or a "
          + "broker, replayed the same way years later. The decider contract (Decider, CommandRejectedException) "
          + "is itself plain Java, held so by decider_contract_is_plain_java; Jackson annotations are not needed "
          + "either, since the JSON shapes are the contracts module's records");

  @ArchTest
  static final ArchRule decider_contract_is_plain_java = classes()
      .that().resideInAPackage("care.thoracic.eventsourcing.decider..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "care.thoracic.contracts..",
          "care.thoracic.eventsourcing.decider..")
      .because("every service's domain implements it, and the domain may depend on plain Java only");

  @ArchTest
  static final ArchRule store_and_messaging_do_not_use_the_api = noClasses()
      .that().resideInAnyPackage("care.thoracic.*.store..", "care.thoracic.*.messaging..",
          "care.thoracic.*.jobs..", "care.thoracic.*.delivery..")
      .should().dependOnClassesThat().resideInAnyPackage("care.thoracic.*.api..", "care.thoracic.platform..")
      .because("the API and the HTTP edge (the platform module) are the outermost layer: projections, consumers, "
          + "jobs and channels run without a request, and the API's DTOs may change without touching them");

  @ArchTest
  static final ArchRule services_do_not_use_each_other = slices()
      .assignedFrom(byService())
      .should().notDependOnEachOther()
      .because("services share only the contracts module and Kafka topics; a class of another service on the "
          + "class path would be a synchronous coupling the architecture rules out");

  @ArchTest
  static final ArchRule eventsourcing_core_knows_no_http_or_security = noClasses()
      .that().resideInAPackage("care.thoracic.eventsourcing..")
      .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.annotation.security..",
          "io.quarkus.security..", "io.quarkus.resteasy..", "org.jboss.resteasy..", "io.quarkus.vertx.http..",
          "io.vertx.ext.web..", "io.vertx.core.http..", "io.vertx.mutiny.ext.web..", "io.vertx.mutiny.core.http..",
          "org.eclipse.microprofile.jwt..", "io.smallrye.jwt..", "org.eclipse.microprofile.openapi..",
          "care.thoracic.platform..")
      .because("the store, outbox, relay, deciders, projections and consumer serve requests, jobs, consumers and "
          + "replays alike; the HTTP edge (the platform module) depends on them, never the other way round");

  @ArchTest
  static final ArchRule access_to_a_patient_is_decided_where_it_is_audited = noClasses()
      .that().resideOutsideOfPackage("care.thoracic.platform.tenancy..")
      .should().callMethod(Caller.class, "maySee", PatientId.class)
      .because("whether a caller may see a patient is asked of CurrentCaller (seeing, maySee) or PatientAccess "
          + "(allows), which note the patient for the access audit: a check made on Caller directly would let "
          + "an access through unrecorded (issue 21)");

  @ArchTest
  static final ArchRule packages_are_free_of_cycles = slices()
      .assignedFrom(byPackageBesidesContracts())
      .should().beFreeOfCycles()
      .because("a package that needs another which needs it back is one package in two rooms: a reader cannot "
          + "follow an event through a service in one pass. (The contracts are one published vocabulary whose "
          + "events, values and clinical terms name each other; they depend on nothing of ours, so no cycle "
          + "passes through them.)");

  private static ArchCondition<JavaClass> dependOnlyOnPlainJavaContractsDeciderAndOwnDomain() {
    return new ArchCondition<>("depend only on java.*, the contracts' values, vocabulary and events, the decider "
        + "contract and their own domain") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String ownDomain = origin.getPackageName().replaceFirst("(care\\.thoracic\\.[a-z]+\\.domain).*", "$1");
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          String pkg = target.getPackageName();
          boolean allowed = target.isPrimitive() || inPackage(pkg, "java") || CONTRACTS_FOR_DOMAINS.contains(pkg)
              || inPackage(pkg, "care.thoracic.eventsourcing.decider") || inPackage(pkg, ownDomain);
          if (!allowed) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static boolean inPackage(String pkg, String root) {
    return pkg.equals(root) || pkg.startsWith(root + ".");
  }

  /** {@code plan} for {@code care.thoracic.plan.store}; nothing for the shared modules. */
  static Optional<String> serviceOf(String pkg) {
    String[] parts = pkg.split("\\.");
    return parts.length >= 3 && pkg.startsWith("care.thoracic.") && !SHARED.contains(parts[2])
        ? Optional.of(parts[2]) : Optional.empty();
  }

  private static SliceAssignment byPackageBesidesContracts() {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return pkg.startsWith("care.thoracic.") && !inPackage(pkg, "care.thoracic.contracts")
            ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "our packages but the contracts'";
      }
    };
  }

  private static SliceAssignment byService() {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        return serviceOf(javaClass.getPackageName()).map(service -> SliceIdentifier.of(service + "-service"))
            .orElse(SliceIdentifier.ignore());
      }

      @Override
      public String getDescription() {
        return "the services";
      }
    };
  }
}
