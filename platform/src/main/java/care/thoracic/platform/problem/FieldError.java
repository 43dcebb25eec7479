package care.thoracic.platform.problem;

/** One invalid field of a request: its JSON path (e.g. {@code painRegion.from}) and what is wrong. */
public record FieldError(String field, String message) {}
