package care.thoracic.platform.http;

import java.util.List;

/** One page of a clinic list: {@code page} counts from 0; {@code total} is the count of every page. */
public record Page<T>(List<T> items, int page, int size, long total) {}
