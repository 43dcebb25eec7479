package care.thoracic.platform.problem;

/** The kinds of problem the platform answers with; {@code type} URIs clients can switch on. */
public enum ProblemType {
  INVALID_REQUEST(400, "The request is invalid"),
  UNAUTHENTICATED(401, "Authentication required"),
  FORBIDDEN(403, "Not allowed"),
  NOT_FOUND(404, "Not found"),
  /** The patient was erased at the clinic's request: their data no longer exists anywhere on the platform. */
  PATIENT_ERASED(410, "The patient was erased"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  CONFLICT(409, "The resource changed"),
  COMMAND_REJECTED(409, "Not possible in the current state"),
  IDEMPOTENCY_KEY_REUSED(422, "The idempotency key was used for another request"),
  PRECONDITION_REQUIRED(428, "A version is required"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  REQUEST_TIMEOUT(408, "The request took too long"),
  PAYLOAD_TOO_LARGE(413, "Request too large"),
  URI_TOO_LONG(414, "Request target too long"),
  HEADERS_TOO_LARGE(431, "Request headers too large"),
  TOO_MANY_REQUESTS(429, "Too many at once"),
  STORE_UNAVAILABLE(503, "Temporarily unavailable"),
  /** The access could not be written to the audit trail, so the data it would have shown is withheld. */
  AUDIT_UNAVAILABLE(503, "Temporarily unavailable"),
  INTERNAL(500, "Internal error");

  private final int status;
  private final String title;

  ProblemType(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String uri() {
    return "https://care.thoracic/problems/" + name().toLowerCase().replace('_', '-');
  }
}
