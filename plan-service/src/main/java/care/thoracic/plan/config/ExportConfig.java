package care.thoracic.plan.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How a patient's export is handed out ({@code plan.export.*}); checked at start-up, so a bad value stops it. */
@ConfigMapping(prefix = "plan.export")
public interface ExportConfig {
  /** The most entries on one page of the export, besides the Patient that opens every page. */
  @WithDefault("1000")
  @Min(1)
  @Max(100_000)
  int pageSize();
}
