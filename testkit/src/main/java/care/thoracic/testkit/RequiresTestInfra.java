package care.thoracic.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * On a test class that needs Kafka and MongoDB: skips it, with the reason, when the selected
 * {@link TestInfra} cannot run here (containers asked for, no Docker). Evaluated before Quarkus
 * starts the application.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RequiresTestInfra.Condition.class)
public @interface RequiresTestInfra {

  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      TestInfra infra = TestInfra.current();
      String reason = infra.unavailableReason();
      return reason == null
          ? ConditionEvaluationResult.enabled("test infrastructure: " + infra)
          : ConditionEvaluationResult.disabled(reason);
    }
  }
}
