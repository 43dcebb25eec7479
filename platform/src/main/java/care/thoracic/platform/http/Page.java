package care.thoracic.platform.http;

import java.util.List;

/** One page of a clinic list: {@code page} counts from 0; {@code total} is the count of every page. */
public record Page<T>(List<T> items, int page, int size, long total) {
  /**
   * The last page a list may be asked for: no clinic pages this far, and with at most 200 a page
   * the offset stays far from overflowing.
   */
  public static final int LAST_PAGE = 10_000;
}
