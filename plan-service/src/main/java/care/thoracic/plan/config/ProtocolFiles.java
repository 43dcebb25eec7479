package care.thoracic.plan.config;

import care.thoracic.contracts.CareJson;
import care.thoracic.plan.domain.Protocol;
import care.thoracic.plan.domain.Protocols;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The protocol versions shipped with the service, read strictly (an unknown or misspelled key fails start-up). */
public final class ProtocolFiles {
  /** Every version ever shipped, oldest first: running plans keep theirs; the last one starts new plans. */
  static final List<String> RESOURCES = List.of("protocols/thoracic-v1.json", "protocols/thoracic-v1-2026.12.json");

  private static final ObjectMapper STRICT = CareJson.mapper().copy()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES); // optional dosage parts may be left out

  private ProtocolFiles() {}

  public static Protocols load() {
    List<Protocol> protocols = new ArrayList<>();
    for (String resource : RESOURCES) {
      protocols.add(read(resource));
    }
    return new Protocols(protocols);
  }

  static Protocol read(String resource) {
    try (InputStream in = ProtocolFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing");
      }
      return STRICT.readValue(in, Protocol.class);
    } catch (IOException e) {
      throw new UncheckedIOException("protocol does not load: " + resource, e);
    }
  }
}
