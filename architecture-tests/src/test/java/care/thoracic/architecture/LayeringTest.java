package care.thoracic.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules the module and package layout rests on (docs/design.md, "Modules and packages"). Each
 * failure names the rule, the reason and every offending dependency.
 */
@AnalyzeClasses(packages = "care.thoracic", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
  static final List<String> SERVICES = List.of("triage", "plan", "progress", "reminder");

  private static final Pattern SERVICE_PACKAGE = Pattern.compile("care\\.thoracic\\.(triage|plan|progress|reminder)(\\..*)?");

  @ArchTest
  static final ArchRule domain_is_plain_java_and_contracts = classes()
      .that().resideInAnyPackage(servicePackages("domain"))
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
      .should().dependOnClassesThat().resideInAPackage("care.thoracic.*.api..")
      .because("the API is the outermost layer: projections, consumers, jobs and channels run without a "
          + "request, and the API's DTOs may change without touching them");

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
          "io.quarkus.security..", "io.quarkus.resteasy..", "org.jboss.resteasy..", "io.vertx.ext.web..",
          "io.vertx.core.http..", "org.eclipse.microprofile.jwt..", "io.smallrye.jwt..",
          "org.eclipse.microprofile.openapi..", "care.thoracic.platform..")
      .because("the store, outbox, relay, deciders, projections and consumer serve requests, jobs, consumers and "
          + "replays alike; the HTTP edge (the platform module) depends on them, never the other way round");

  @ArchTest
  static final ArchRule packages_are_free_of_cycles = slices()
      .assignedFrom(byPackageBesidesContracts())
      .should().beFreeOfCycles()
      .because("a package that needs another which needs it back is one package in two rooms: a reader cannot "
          + "follow an event through a service in one pass. (The contracts are one published vocabulary whose "
          + "events, values and clinical terms name each other; they depend on nothing of ours, so no cycle "
          + "passes through them.)");

  static String[] servicePackages(String layer) {
    return SERVICES.stream().map(service -> "care.thoracic." + service + "." + layer + "..").toArray(String[]::new);
  }

  private static ArchCondition<JavaClass> dependOnlyOnPlainJavaContractsDeciderAndOwnDomain() {
    return new ArchCondition<>("depend only on java.*, the contracts, the decider contract and their own domain") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String ownDomain = origin.getPackageName().replaceFirst("(care\\.thoracic\\.[a-z]+\\.domain).*", "$1");
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          String pkg = target.getPackageName();
          boolean allowed = target.isPrimitive() || pkg.equals("java") || pkg.startsWith("java.")
              || inPackage(pkg, "care.thoracic.contracts") || inPackage(pkg, "care.thoracic.eventsourcing.decider")
              || inPackage(pkg, ownDomain);
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
        Matcher matcher = SERVICE_PACKAGE.matcher(javaClass.getPackageName());
        return matcher.matches() ? SliceIdentifier.of(matcher.group(1) + "-service") : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the four services";
      }
    };
  }
}
