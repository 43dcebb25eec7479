package care.thoracic.contracts;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Immutable enum sets in declaration order, so an event's JSON does not depend on input order. */
public final class EnumSets {
  private EnumSets() {}

  public static <E extends Enum<E>> Set<E> copyOf(Class<E> type, Collection<E> values) {
    EnumSet<E> copy = EnumSet.noneOf(type);
    if (values != null) {
      copy.addAll(values);
    }
    return Collections.unmodifiableSet(copy);
  }
}
