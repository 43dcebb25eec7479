package care.thoracic.bench;

/** How every benchmark's main ends. */
final class Benchmarks {
  interface Body {
    void run() throws Exception;
  }

  private Benchmarks() {}

  /** Exits 0 when the benchmark completes, 1 when it fails: the embedded broker's threads would keep a failed run alive. */
  static void main(Body benchmark) {
    try {
      benchmark.run();
      System.exit(0);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
