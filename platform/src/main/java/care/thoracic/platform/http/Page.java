package care.thoracic.platform.http;

import java.util.List;

/**
 * One page of a clinic list: {@code page} counts from 0; {@code total} is the count of every page,
 * or, when {@code totalAtLeast}, a lower bound: lists that grow with the clinic are counted up to
 * {@link #COUNT_LIMIT} only, so that answering a page costs the same however large the clinic is.
 */
public record Page<T>(List<T> items, int page, int size, long total, boolean totalAtLeast) {
  /**
   * The last page a list may be asked for: no clinic pages this far, and with at most 200 a page
   * the offset stays far from overflowing.
   */
  public static final int LAST_PAGE = 10_000;

  /** How far a clinic-wide list is counted: "more than 1,000" is all a person paging it needs. */
  public static final int COUNT_LIMIT = 1_000;

  /** A page of a list whose total is exact. */
  public Page(List<T> items, int page, int size, long total) {
    this(items, page, size, total, false);
  }

  /**
   * A page of a clinic-wide list, whose store counted at most {@code COUNT_LIMIT + 1} of it; past the
   * limit the total is at least the limit and at least what this page reaches.
   */
  public static <T> Page<T> countedToLimit(List<T> items, int page, int size, long counted) {
    return counted > COUNT_LIMIT
        ? new Page<>(items, page, size, Math.max(COUNT_LIMIT, (long) page * size + items.size()), true)
        : new Page<>(items, page, size, counted, false);
  }
}
