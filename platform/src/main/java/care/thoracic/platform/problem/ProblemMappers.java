package care.thoracic.platform.problem;

import care.thoracic.contracts.PatientErasedException;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.store.ConcurrencyConflictException;
import care.thoracic.platform.config.HttpEdgeConfig;
import care.thoracic.platform.stream.InvalidStreamTicketException;
import care.thoracic.platform.stream.TooManyStreamsException;
import care.thoracic.platform.trace.RequestTrace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error becomes an RFC 9457 problem: a type, a title, the status, a detail a person can act
 * on, the request path, the correlation id, and for bad input the fields at fault. Internal
 * errors are logged with the correlation id and answered without their details.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @Inject RequestTrace trace;
  @Inject HttpEdgeConfig edge;

  @ServerExceptionMapper
  public Response invalidInput(InvalidInputException e, UriInfo uri) {
    return answer(ProblemType.INVALID_REQUEST, "The request has invalid fields.", uri, e.errors());
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e, UriInfo uri, ResourceInfo resource) {
    if (e.getConstraintViolations().stream().anyMatch(v -> kindOf(v.getPropertyPath()) == ElementKind.RETURN_VALUE)) {
      LOG.errorf(e, "invalid response [correlation %s]", trace.correlationId());
      return answer(ProblemType.INTERNAL, "The server produced an invalid answer.", uri, List.of());
    }
    List<FieldError> errors = e.getConstraintViolations().stream()
        .map(v -> isTheBody(v, resource) ? new FieldError("body", "a JSON body is required")
            : new FieldError(field(v), v.getMessage()))
        .sorted(Comparator.comparing(FieldError::field))
        .toList();
    return answer(ProblemType.INVALID_REQUEST, "The request has invalid fields.", uri, errors);
  }

  /** Listed one by one: Quarkus' own mapper for MismatchedInputException would win over a broader one. */
  @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class, MismatchedInputException.class,
      UnrecognizedPropertyException.class, InvalidFormatException.class, InvalidNullException.class,
      ValueInstantiationException.class, StreamReadException.class, StreamConstraintsException.class})
  public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
    String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
    StreamConstraintsException overLimit = e instanceof StreamConstraintsException limit ? limit
        : e.getCause() instanceof StreamConstraintsException limit ? limit : null;
    String message = overLimit != null ? overALimit(overLimit) : switch (e) {
      case UnrecognizedPropertyException unknown -> "unknown field; known fields are " + unknown.getKnownPropertyIds();
      case InvalidFormatException format when format.getTargetType() != null && format.getTargetType().isEnum() ->
          "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants());
      case InvalidFormatException format -> "has the wrong format: " + FieldValues.cut(String.valueOf(format.getValue()));
      case InvalidNullException missing -> "is required";
      case ValueInstantiationException invalid ->
          invalid.getCause() != null ? invalid.getCause().getMessage() : "is invalid";
      case MismatchedInputException mismatch when mismatch.getTargetType() != null ->
          "must be " + describe(mismatch.getTargetType());
      case JsonMappingException mapping -> "is invalid";
      default -> "the body is not well-formed JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")";
    };
    if (field.isEmpty()) {
      return answer(ProblemType.INVALID_REQUEST, message, uri, List.of(new FieldError("body", message)));
    }
    return answer(ProblemType.INVALID_REQUEST, "The request has invalid fields.", uri, List.of(new FieldError(field, message)));
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
    return answer(ProblemType.UNAUTHENTICATED, "A valid bearer token is required.", uri, List.of());
  }

  /** Which of unknown, used, expired or for another stream is not said: a guesser learns nothing. */
  @ServerExceptionMapper
  public Response invalidStreamTicket(InvalidStreamTicketException e, UriInfo uri) {
    return answer(ProblemType.UNAUTHENTICATED, "The stream ticket is not valid; ask for a new one (a ticket opens "
        + "its stream once, within seconds of being issued).", uri, List.of());
  }

  @ServerExceptionMapper
  public Response badCredential(AuthenticationFailedException e, UriInfo uri) {
    return answer(ProblemType.UNAUTHENTICATED, "The bearer token is not valid.", uri, List.of());
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    String detail = e.getMessage() == null || e.getMessage().isBlank()
        ? "Your role does not allow this." : e.getMessage();
    return answer(ProblemType.FORBIDDEN, detail, uri, List.of());
  }

  @ServerExceptionMapper
  public Response conflict(ConcurrencyConflictException e, UriInfo uri) {
    return answer(ProblemType.CONFLICT, "It changed since version " + e.expected().version()
        + " was read; read it again and retry.", uri, List.of());
  }

  @ServerExceptionMapper
  public Response erased(PatientErasedException e, UriInfo uri) {
    return answer(ProblemType.PATIENT_ERASED, "Patient " + e.patientId() + " was erased at the clinic's request; "
        + "nothing about them can be read or changed.", uri, List.of());
  }

  @ServerExceptionMapper
  public Response rejected(CommandRejectedException e, UriInfo uri) {
    return answer(ProblemType.COMMAND_REJECTED, e.getMessage(), uri, List.of());
  }

  @ServerExceptionMapper
  public Response keyReused(IdempotencyKeyReusedException e, UriInfo uri) {
    return answer(ProblemType.IDEMPOTENCY_KEY_REUSED, e.getMessage(), uri,
        List.of(new FieldError("Idempotency-Key", "was used for a different request")));
  }

  @ServerExceptionMapper
  public Response tooManyStreams(TooManyStreamsException e, UriInfo uri) {
    return Response.fromResponse(answer(ProblemType.TOO_MANY_REQUESTS, e.getMessage(), uri, List.of()))
        .header("Retry-After", "30").build();
  }

  // a paused pool (the store just went away) refuses an operation before sending it: nothing was changed
  @ServerExceptionMapper({MongoTimeoutException.class, MongoSocketException.class,
      MongoConnectionPoolClearedException.class})
  public Response storeUnavailable(RuntimeException e, UriInfo uri) {
    LOG.warnf("store unavailable [correlation %s]: %s", trace.correlationId(), e.getMessage());
    Response response = answer(ProblemType.STORE_UNAVAILABLE,
        "The data store cannot be reached; nothing was changed. Try again shortly.", uri, List.of());
    return Response.fromResponse(response).header("Retry-After", "5").build();
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri) {
    // The JSON body reader wraps some Jackson failures (malformed JSON, a refused value) in a 400.
    if (e.getCause() instanceof JsonProcessingException unreadable) {
      return unreadableJson(unreadable, uri);
    }
    // JAX-RS wraps a parameter it could not convert in a 404; StrictParameters said which and why
    if (e.getCause() instanceof InvalidInputException invalid) {
      return invalidInput(invalid, uri);
    }
    int status = e.getResponse().getStatus();
    ProblemType type = Arrays.stream(ProblemType.values()).filter(t -> t.status() == status).findFirst()
        .orElse(status >= 500 ? ProblemType.INTERNAL : ProblemType.INVALID_REQUEST);
    if (status >= 500) {
      LOG.errorf(e, "request failed [correlation %s]", trace.correlationId());
      return answer(type, "The request could not be completed.", uri, List.of());
    }
    String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? type.title() + "." : e.getMessage();
    return answer(type, status, detail, uri, List.of());
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    LOG.errorf(e, "request failed [correlation %s]", trace.correlationId());
    return answer(ProblemType.INTERNAL, "The request could not be completed; quote correlation id "
        + trace.correlationId() + " to support.", uri, List.of());
  }

  private Response answer(ProblemType type, String detail, UriInfo uri, List<FieldError> errors) {
    return answer(type, type.status(), detail, uri, errors);
  }

  private Response answer(ProblemType type, int status, String detail, UriInfo uri, List<FieldError> errors) {
    List<FieldError> quoted = errors.stream()
        .map(error -> new FieldError(FieldValues.cut(error.field()), error.message())).toList();
    Problem problem = new Problem(type.uri(), type.title(), status, detail,
        FieldValues.cut("/" + uri.getPath().replaceFirst("^/", "")), trace.correlationId(), quoted);
    return Response.status(status).entity(problem).type(Problem.MEDIA_TYPE).build();
  }

  private String overALimit(StreamConstraintsException e) {
    return e.getOriginalMessage().contains("nesting depth")
        ? "nested deeper than " + edge.maxJsonDepth() + " levels"
        : "over a size limit: " + FieldValues.cut(e.getOriginalMessage());
  }

  /** {@code painRegion.from}, {@code exercises[2].sets}: the field as the client wrote it. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * The JSON path of a violated property: {@code intake.painScore} becomes {@code painScore}; a
   * violated query or path parameter is named by the parameter itself.
   */
  private static String field(ConstraintViolation<?> violation) {
    List<String> properties = new ArrayList<>();
    String parameter = null;
    for (Path.Node node : violation.getPropertyPath()) {
      switch (node.getKind()) {
        case PARAMETER -> parameter = node.getName();
        case PROPERTY, CONTAINER_ELEMENT -> {
          if (node.getName() != null) {
            properties.add(node.getName());
          }
          if (node.getIndex() != null && !properties.isEmpty()) {
            int last = properties.size() - 1;
            properties.set(last, properties.get(last) + "[" + node.getIndex() + "]");
          }
        }
        default -> { }
      }
    }
    if (!properties.isEmpty()) {
      return String.join(".", properties);
    }
    return parameter == null ? "body" : parameter;
  }

  /** Whether the violation is the entity parameter itself being absent (an empty body). */
  private static boolean isTheBody(ConstraintViolation<?> violation, ResourceInfo resource) {
    Path.Node last = null;
    for (Path.Node node : violation.getPropertyPath()) {
      last = node;
    }
    if (last == null || last.getKind() != ElementKind.PARAMETER || violation.getInvalidValue() != null
        || resource == null || resource.getResourceMethod() == null) {
      return false;
    }
    int index = last.as(Path.ParameterNode.class).getParameterIndex();
    Annotation[][] annotations = resource.getResourceMethod().getParameterAnnotations();
    return index < annotations.length && Arrays.stream(annotations[index])
        .noneMatch(a -> a.annotationType().getPackageName().equals("jakarta.ws.rs")
            || a.annotationType().getPackageName().startsWith("org.jboss.resteasy.reactive"));
  }

  private static ElementKind kindOf(Path path) {
    ElementKind last = null;
    for (Path.Node node : path) {
      if (node.getKind() == ElementKind.RETURN_VALUE) {
        return ElementKind.RETURN_VALUE;
      }
      last = node.getKind();
    }
    return last;
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type) || java.util.Set.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "a " + type.getSimpleName();
  }
}
