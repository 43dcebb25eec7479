package care.thoracic.devstack;

import care.thoracic.contracts.Roles;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The local run's token key pair, generated on first run into a directory that is never committed,
 * and tokens signed with it for the issuer every service trusts; beside it the run's VAPID key pair
 * for Web Push ({@code vapid.env}: reminder-service's settings as environment variables) and the
 * key-encryption key that wraps every patient's data key ({@code kek.env}, for every service). Usage:
 * {@code DevKeys <dir> init} or {@code DevKeys <dir> token <role> <clinic> <subject> [hours]}.
 */
public final class DevKeys implements TokenMinter {
  public static final String ISSUER = "https://care.thoracic";
  private static final Duration LIFETIME = Duration.ofHours(12);
  private final PrivateKey privateKey;

  private DevKeys(PrivateKey privateKey) {
    this.privateKey = privateKey;
  }

  /** The pair in {@code dir}, generated there when missing. */
  public static DevKeys in(Path dir) {
    try {
      Path privatePem = dir.resolve("private-key.pem");
      if (!Files.exists(privatePem)) {
        generate(dir);
      }
      if (!hasVapidPair(dir)) { // missing, or a placeholder the manifests' rendering check left
        generateVapid(dir);
      }
      if (!hasKek(dir)) {
        generateKek(dir);
      }
      return new DevKeys(KeyUtils.decodePrivateKey(Files.readString(privatePem)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unreadable key in " + dir + ": delete the directory to make a new pair", e);
    }
  }

  private static boolean hasVapidPair(Path dir) throws IOException {
    Path env = vapidEnv(dir);
    return Files.exists(env) && Files.readString(env).contains("REMINDERS_PUSH_VAPID_PRIVATE_KEY=");
  }

  private static boolean hasKek(Path dir) throws IOException {
    Path env = kekEnv(dir);
    return Files.exists(env) && Files.readString(env).matches("(?s)CARE_CRYPTO_KEK=[A-Za-z0-9+/]{43}=\\s*");
  }

  /**
   * Every service's key-encryption key ({@code CARE_CRYPTO_KEK}): made once and kept, since a new one
   * could not unwrap the data keys the run's vault already holds.
   */
  public static Path kekEnv(Path dir) {
    return dir.resolve("kek.env");
  }

  public static Path publicKey(Path dir) {
    return dir.resolve("public-key.pem");
  }

  /** reminder-service's VAPID settings, e.g. for {@code docker compose --env-file} or {@code set -a; . vapid.env}. */
  public static Path vapidEnv(Path dir) {
    return dir.resolve("vapid.env");
  }

  @Override
  public String token(String role, String clinic, String subject) {
    return token(role, clinic, subject, LIFETIME);
  }

  public String token(String role, String clinic, String subject, Duration lifetime) {
    Instant now = Instant.now();
    return Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(role).claim(Roles.CLINIC_CLAIM, clinic)
        .issuedAt(now).expiresAt(now.plus(lifetime))
        .jws().algorithm(SignatureAlgorithm.RS256).sign(privateKey);
  }

  private static void generate(Path dir) throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path privatePem = dir.resolve("private-key.pem");
    Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.setPosixFilePermissions(privatePem, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(publicKey(dir), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
  }

  /**
   * A P-256 pair as reminder-service reads it: base64url of the 65-byte uncompressed public point
   * and of the 32-byte private scalar (the form browsers and the usual Web Push tools use).
   */
  private static void generateVapid(Path dir) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    ECPoint point = ((ECPublicKey) pair.getPublic()).getW();
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 0x04;
    System.arraycopy(unsigned32(point.getAffineX()), 0, uncompressed, 1, 32);
    System.arraycopy(unsigned32(point.getAffineY()), 0, uncompressed, 33, 32);
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    Path env = vapidEnv(dir);
    Files.writeString(env, "REMINDERS_PUSH_VAPID_PUBLIC_KEY=" + base64url.encodeToString(uncompressed) + "\n"
        + "REMINDERS_PUSH_VAPID_PRIVATE_KEY="
        + base64url.encodeToString(unsigned32(((ECPrivateKey) pair.getPrivate()).getS())) + "\n");
    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
  }

  private static void generateKek(Path dir) throws IOException {
    Files.createDirectories(dir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path env = kekEnv(dir);
    Files.writeString(env, "CARE_CRYPTO_KEK=" + Base64.getEncoder().encodeToString(key) + "\n");
    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
  }

  /** An unsigned number as exactly 32 big-endian bytes. */
  private static byte[] unsigned32(BigInteger number) {
    byte[] bytes = number.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return fixed;
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  public static void main(String[] args) {
    if (args.length == 2 && args[1].equals("init")) {
      in(Path.of(args[0]));
      System.out.println("dev token and VAPID key pairs and the key-encryption key in " + args[0]);
    } else if ((args.length == 5 || args.length == 6) && args[1].equals("token")) {
      Duration lifetime = args.length == 6 ? Duration.ofHours(Long.parseLong(args[5])) : LIFETIME;
      System.out.println(in(Path.of(args[0])).token(args[2], args[3], args[4], lifetime));
    } else {
      System.err.println("usage: DevKeys <dir> init | DevKeys <dir> token <role> <clinic> <subject> [hours]");
      System.exit(2);
    }
  }
}
