package care.thoracic.platform.trace;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Reads or starts the correlation id before anything else, logs with it, and answers with it. */
public class RequestTraceFilters {
  @Inject RequestTrace trace;

  @ServerRequestFilter(preMatching = true)
  public void begin(ContainerRequestContext request) {
    trace.begin(request.getHeaderString(RequestTrace.HEADER));
    MDC.put("correlationId", trace.correlationId());
  }

  @ServerResponseFilter
  public void answer(ContainerResponseContext response) {
    response.getHeaders().putSingle(RequestTrace.HEADER, trace.correlationId());
    MDC.remove("correlationId");
  }
}
