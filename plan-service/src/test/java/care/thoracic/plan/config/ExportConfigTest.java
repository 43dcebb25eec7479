package care.thoracic.plan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A page size the export cannot page by stops the service at start-up, rather than failing each export. */
class ExportConfigTest {
  private static SmallRyeConfig configWith(Map<String, String> properties) {
    return new SmallRyeConfigBuilder().withMapping(ExportConfig.class).withValidator(
        new BeanValidationConfigValidatorImpl()).withSources(new PropertiesConfigSource(properties, "test", 500))
        .build();
  }

  @Test
  void by_default_a_page_holds_a_thousand_entries() {
    assertThat(configWith(Map.of()).getConfigMapping(ExportConfig.class).pageSize()).isEqualTo(1000);
  }

  @Test
  void a_page_size_of_zero_or_below_or_over_a_hundred_thousand_is_refused_naming_the_property() {
    for (String bad : new String[] {"0", "-5", "100001"}) {
      assertThatThrownBy(() -> configWith(Map.of("plan.export.page-size", bad))).as(bad)
          .hasMessageContaining("plan.export.page-size");
    }
  }
}
