package care.thoracic.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A push service as the tests need one: a local HTTP receiver (plain http on 127.0.0.1) with an
 * endpoint per fake device. Each push is checked as a real push service and browser would: the
 * VAPID {@code Authorization: vapid t=<JWT>, k=<key>} (RFC 8292: an ES256 signature by the
 * deployment's key, {@code aud} the endpoint's origin, {@code exp} within 24 hours, a {@code sub}),
 * the {@code TTL}, {@code Urgency}, {@code Topic} and {@code Content-Encoding: aes128gcm} headers;
 * and the payload is decrypted with the device's private key by this class's own RFC 8291
 * implementation on JDK primitives (not the sending library's). A push that fails a check is
 * answered 400 and listed in {@link #rejections()}; one that passes is kept, decrypted, and answered
 * as the device is told to (201 unless told otherwise).
 */
public final class PushServiceStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final List<String> URGENCIES = List.of("very-low", "low", "normal", "high");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ECParameterSpec P256 = p256();

  /** A fake browser: its endpoint here and its keys; {@link #subscription()} is what it would register. */
  public record Device(String name, URI endpoint, KeyPair keys, byte[] authSecret) {
    /** The body of PUT /patients/{id}/push-subscriptions, as the browser's subscription.toJSON() is. */
    public Map<String, Object> subscription() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("endpoint", endpoint.toString());
      json.put("expirationTime", null);
      json.put("keys", Map.of("p256dh", p256dh(), "auth", auth()));
      return json;
    }

    public String p256dh() {
      return TestVapidKeys.base64url(TestVapidKeys.uncompressed((ECPublicKey) keys.getPublic()));
    }

    public String auth() {
      return TestVapidKeys.base64url(authSecret);
    }
  }

  /** A push that passed every check: its headers, decrypted payload, the answer given and when it came. */
  public record Received(String device, Instant at, int answered, long ttl, String urgency, String topic,
      String payload) {
    /** The decrypted payload's JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(payload);
      } catch (IOException e) {
        throw new IllegalStateException("the payload is not JSON: " + payload, e);
      }
    }
  }

  /** An answer a device's endpoint gives next: a status and, for 429 and 5xx, a Retry-After value (or null). */
  private record Answer(int status, String retryAfter) {}

  private final HttpServer server;
  private final ECPublicKey vapidKey;
  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> standing = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> rejections = new CopyOnWriteArrayList<>();

  private PushServiceStandIn(ECPublicKey vapidKey) throws IOException {
    this.vapidKey = vapidKey;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/push/", this::handle);
    server.start();
  }

  /** A stand-in that accepts pushes signed with the testkit's VAPID key ({@link TestVapidKeys}). */
  public static PushServiceStandIn start() throws IOException {
    return start(TestVapidKeys.publicKey());
  }

  /** A stand-in that accepts pushes signed with {@code vapidKey}. */
  public static PushServiceStandIn start(ECPublicKey vapidKey) throws IOException {
    return new PushServiceStandIn(vapidKey);
  }

  /** A new fake browser with its own P-256 key pair, 16-byte auth secret and endpoint. */
  public Device device(String name) {
    byte[] auth = new byte[16];
    RANDOM.nextBytes(auth);
    String path = "/push/" + name + "-" + UUID.randomUUID();
    Device device = new Device(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
        TestVapidKeys.newP256Pair(), auth);
    devices.put(path, device);
    return device;
  }

  /** The device's next pushes are answered with {@code statuses} in turn, then as before. */
  public void answerNext(Device device, int... statuses) {
    for (int status : statuses) {
      queue(device).add(new Answer(status, null));
    }
  }

  /** The device's next push is answered {@code status} (429, 503) with {@code Retry-After: retryAfter}. */
  public void answerNext(Device device, int status, String retryAfter) {
    queue(device).add(new Answer(status, retryAfter));
  }

  /** From now on the device's pushes are answered {@code status} (e.g. 410: the browser unsubscribed). */
  public void answerAlways(Device device, int status) {
    standing.put(device.endpoint().getPath(), status);
  }

  /** Every push that passed the checks, in arrival order, whatever it was answered. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The pushes to {@code device} that passed the checks and were answered 2xx. */
  public List<Received> delivered(Device device) {
    return received.stream().filter(r -> r.device().equals(device.name()) && r.answered() / 100 == 2).toList();
  }

  /** The pushes to {@code device} that passed the checks, whatever they were answered. */
  public List<Received> attempts(Device device) {
    return received.stream().filter(r -> r.device().equals(device.name())).toList();
  }

  /** What failed a check, one line per push: a test expects none. */
  public List<String> rejections() {
    return List.copyOf(rejections);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private ConcurrentLinkedQueue<Answer> queue(Device device) {
    return answers.computeIfAbsent(device.endpoint().getPath(), path -> new ConcurrentLinkedQueue<>());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Device device = devices.get(path);
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (device == null || !exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      List<String> problems = new ArrayList<>();
      var headers = exchange.getRequestHeaders();
      checkVapid(headers.getFirst("Authorization"), device.endpoint(), problems);
      long ttl = -1;
      try {
        ttl = Long.parseLong(String.valueOf(headers.getFirst("TTL")));
        if (ttl < 0) {
          problems.add("TTL is negative: " + ttl);
        }
      } catch (NumberFormatException e) {
        problems.add("TTL is missing or not a number: " + headers.getFirst("TTL"));
      }
      String urgency = headers.getFirst("Urgency");
      if (!URGENCIES.contains(urgency)) {
        problems.add("Urgency is not one of " + URGENCIES + ": " + urgency);
      }
      String topic = headers.getFirst("Topic");
      if (topic == null || !TOPIC.matcher(topic).matches()) {
        problems.add("Topic is not 1-32 base64url characters: " + topic);
      }
      if (!"aes128gcm".equals(headers.getFirst("Content-Encoding"))) {
        problems.add("Content-Encoding is not aes128gcm: " + headers.getFirst("Content-Encoding"));
      }
      String payload = null;
      try {
        payload = new String(decrypt(device, body), StandardCharsets.UTF_8);
      } catch (GeneralSecurityException | RuntimeException e) {
        problems.add("the payload does not decrypt (RFC 8291): " + e);
      }
      if (!problems.isEmpty()) {
        rejections.add(device.name() + ": " + String.join("; ", problems));
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      Answer answer = Optional.ofNullable(answers.get(path)).map(ConcurrentLinkedQueue::poll)
          .orElse(new Answer(standing.getOrDefault(path, 201), null));
      received.add(new Received(device.name(), Instant.now(), answer.status(), ttl, urgency, topic, payload));
      if (answer.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
      }
      exchange.sendResponseHeaders(answer.status(), -1);
    }
  }

  /** RFC 8292: {@code vapid t=<JWT>, k=<base64url public key>}, the JWT signed ES256 by that key. */
  private void checkVapid(String authorization, URI endpoint, List<String> problems) {
    if (authorization == null || !authorization.startsWith("vapid ")) {
      problems.add("Authorization is not a vapid one: " + authorization);
      return;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String part : authorization.substring("vapid ".length()).split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2) {
        parameters.put(pair[0], pair[1]);
      }
    }
    String token = parameters.get("t");
    String key = parameters.get("k");
    if (token == null || key == null) {
      problems.add("Authorization lacks t= or k=: " + authorization);
      return;
    }
    if (!Arrays.equals(Base64.getUrlDecoder().decode(key), TestVapidKeys.uncompressed(vapidKey))) {
      problems.add("k= is not the deployment's public key");
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      problems.add("the token is not a JWS: " + token);
      return;
    }
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      if (!"ES256".equals(header.path("alg").asText())) {
        problems.add("the token's alg is not ES256: " + header);
      }
      Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
      verifier.initVerify(vapidKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        problems.add("the token's signature is not the deployment key's");
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String origin = endpoint.getScheme() + "://" + endpoint.getAuthority();
      if (!origin.equals(claims.path("aud").asText())) {
        problems.add("the token's aud is not the endpoint's origin " + origin + ": " + claims.path("aud"));
      }
      long exp = claims.path("exp").asLong(0);
      long now = Instant.now().getEpochSecond();
      if (exp <= now || exp > now + Duration.ofHours(24).toSeconds()) {
        problems.add("the token's exp is not within the next 24 hours: " + exp);
      }
      if (claims.path("sub").asText("").isEmpty()) {
        problems.add("the token has no sub");
      }
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      problems.add("the token cannot be read: " + e);
    }
  }

  /**
   * RFC 8291 §3.4 and RFC 8188: the body is {@code salt(16) rs(4) idlen(1) keyid(idlen)} then one
   * record; keyid is the sender's ephemeral public key.
   */
  private static byte[] decrypt(Device device, byte[] body) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    long recordSize = Integer.toUnsignedLong(in.getInt());
    int idLength = Byte.toUnsignedInt(in.get());
    if (idLength != 65) {
      throw new GeneralSecurityException("keyid is " + idLength + " bytes, not a 65-byte P-256 point");
    }
    byte[] senderKey = new byte[idLength];
    in.get(senderKey);
    byte[] record = new byte[in.remaining()];
    in.get(record);
    if (record.length > recordSize || recordSize < 18) {
      throw new GeneralSecurityException("one record of " + record.length + " bytes in records of " + recordSize);
    }
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(device.keys().getPrivate());
    agreement.doPhase(point(senderKey), true);
    byte[] ecdhSecret = agreement.generateSecret();
    byte[] receiverKey = TestVapidKeys.uncompressed((ECPublicKey) device.keys().getPublic());
    // IKM = HKDF(auth, ecdh, "WebPush: info" 0x00 || ua_public || as_public, 32)
    byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), receiverKey, senderKey);
    byte[] ikm = hkdf(device.authSecret(), ecdhSecret, keyInfo, 32);
    byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = aes.doFinal(record);
    // the last record: content, then 0x02, then any zeros
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 0x02) {
      throw new GeneralSecurityException("the record does not end with the last-record delimiter 0x02");
    }
    return Arrays.copyOf(padded, end);
  }

  /** HKDF-SHA256 (RFC 5869) for one block of output: extract with {@code salt}, expand with {@code info}. */
  private static byte[] hkdf(byte[] salt, byte[] input, byte[] info, int length) throws GeneralSecurityException {
    byte[] prk = hmac(salt, input);
    return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static ECPublicKey point(byte[] uncompressed) throws GeneralSecurityException {
    if (uncompressed[0] != 0x04) {
      throw new GeneralSecurityException("not an uncompressed point");
    }
    ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
        new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
    return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is part of every JDK", e);
    }
  }
}
