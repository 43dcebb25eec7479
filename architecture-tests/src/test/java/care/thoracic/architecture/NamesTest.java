package care.thoracic.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Names a reader can trust: one class per simple name, and a word on what each package holds. */
class NamesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void no_two_top_level_classes_share_a_simple_name() {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("care.thoracic");
    Map<String, List<String>> byName = classes.stream().filter(JavaClass::isTopLevelClass)
        .filter(c -> !c.getSimpleName().equals("package-info"))
        .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
            Collectors.mapping(JavaClass::getName, Collectors.toList())));
    byName.values().removeIf(names -> names.size() < 2);

    assertThat(byName)
        .as("classes sharing a simple name (a reader who sees one in an import or a stack trace takes it for the "
            + "other): name each for what it holds or does")
        .isEmpty();
  }

  @Test
  void every_package_says_what_it_holds() throws IOException {
    List<Path> packagesWithout;
    try (Stream<Path> files = Files.walk(ROOT, 12)) {
      packagesWithout = files
          .filter(p -> p.toString().contains("/src/main/java/") && p.toString().endsWith(".java"))
          .filter(p -> !p.toString().contains("/target/"))
          .map(Path::getParent).distinct()
          .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
          .map(ROOT::relativize).sorted().toList();
    }

    assertThat(packagesWithout)
        .as("packages without a package-info.java (one or two sentences: what lives here, what may depend on it)")
        .isEmpty();
  }
}
