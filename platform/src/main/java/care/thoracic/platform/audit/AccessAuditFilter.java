package care.thoracic.platform.audit;

import care.thoracic.platform.config.AuditConfig;
import care.thoracic.platform.problem.FieldValues;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.problem.ProblemType;
import care.thoracic.platform.trace.RequestTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes the accesses of every answered request before the answer leaves. When they cannot be
 * written in {@code care.audit.commit-timeout}: an answer that would have shown data, from a request
 * that changed nothing, is answered 503 instead, so no data leaves unaudited; a change already made,
 * or a refusal, keeps its answer (the caller must learn what happened) and the accesses go to the
 * error log marked {@code UNAUDITED}.
 */
public class AccessAuditFilter {
  private static final Logger LOG = Logger.getLogger(AccessAuditFilter.class);
  private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

  @Inject AccessAudit audit;
  @Inject RequestTrace trace;
  @Inject MeterRegistry meters;
  @Inject AuditConfig config;

  @ServerRequestFilter
  public void matched(ContainerRequestContext request, ResourceInfo resource) {
    if (resource != null && resource.getResourceMethod() != null) {
      audit.matched(request.getMethod(), TEMPLATES.computeIfAbsent(resource.getResourceMethod(),
          method -> template(resource.getResourceClass(), method)));
    }
  }

  @ServerResponseFilter
  public Uni<Void> recorded(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    return audit.record(status).ifNoItem().after(config.commitTimeout()).fail()
        .onFailure().recoverWithItem(failure -> {
          unaudited(request, response, status, failure);
          return null;
        });
  }

  @ServerExceptionMapper
  public Response streamUnaudited(AccessAuditUnavailableException e, UriInfo uri) {
    LOG.errorf("stream not opened, its access not written [correlation %s]: %s", trace.correlationId(),
        e.getCause() == null ? e.toString() : e.getCause().toString());
    return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
        .entity(problem("/" + uri.getPath().replaceFirst("^/", ""))).build();
  }

  private void unaudited(ContainerRequestContext request, ContainerResponseContext response, int status,
      Throwable failure) {
    boolean withheld = audit.withheldWhenUnrecorded(status);
    meters.counter("care.audit.unaudited", "withheld", Boolean.toString(withheld)).increment();
    if (withheld) {
      LOG.errorf("read withheld (503), its access not written [correlation %s]: %s", trace.correlationId(),
          failure.toString());
      response.getHeaders().clear();
      response.setStatus(503);
      response.setEntity(problem(request.getUriInfo().getPath()), new Annotation[0],
          MediaType.valueOf(Problem.MEDIA_TYPE));
      response.getHeaders().putSingle("Retry-After", "5");
      response.getHeaders().putSingle(RequestTrace.HEADER, trace.correlationId());
      return;
    }
    String accesses;
    try {
      accesses = audit.records(status, Instant.now()).toString();
    } catch (RuntimeException unrecordable) { // the answer is already decided: the log line must not undo it
      accesses = "(not even as records: " + unrecordable.getMessage() + ")";
    }
    LOG.errorf("UNAUDITED %s answered %d [correlation %s]: %s; accesses %s", request.getMethod(), status,
        trace.correlationId(), failure.toString(), accesses);
  }

  private Problem problem(String path) {
    return new Problem(ProblemType.AUDIT_UNAVAILABLE.uri(), ProblemType.AUDIT_UNAVAILABLE.title(), 503,
        "The access could not be recorded, so nothing is shown. Try again shortly.", FieldValues.cut(path),
        trace.correlationId(),
        List.of());
  }

  static String template(Class<?> resourceClass, Method method) {
    String classPath = pathOf(resourceClass.getAnnotation(Path.class));
    String methodPath = pathOf(method.getAnnotation(Path.class));
    // a parameter's regular expression ({id: [0-9]+}) says nothing a reader of the log needs
    String joined = ("/" + classPath + "/" + methodPath).replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}")
        .replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }

  private static String pathOf(Path path) {
    return path == null ? "" : path.value();
  }
}
