package care.thoracic.reminder.config;

import care.thoracic.eventsourcing.projection.Projector;
import care.thoracic.reminder.domain.ReminderRules;
import care.thoracic.reminder.domain.ReminderSchedule;
import care.thoracic.reminder.store.PlanSchedules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The schedule (one versioned set of reminder rules) and the projector of what plans need. */
@Singleton
public class ReminderBeans {

  @Produces
  @Singleton
  ReminderSchedule schedule() {
    return new ReminderSchedule(ReminderRules.CURRENT);
  }

  @Produces
  @Singleton
  Projector projector(PlanSchedules plans) {
    return new Projector(List.of(plans));
  }
}
