package net.cesperanto.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.cesperanto.Cle;

/** Waits for the garbage collector to release unreachable arrays, then checks the live count. */
final class Leaks {
  private Leaks() {}

  @SuppressWarnings({"deprecation", "removal"})
  static void assertNoLiveArrays(long expected) throws InterruptedException {
    for (int attempt = 0; attempt < 200 && Cle.liveArrayCount() != expected; attempt++) {
      System.gc();
      System.runFinalization(); // SWIG's proxies release in finalize()
      Thread.sleep(20);
    }
    assertEquals(expected, Cle.liveArrayCount(), "live arrays after garbage collection");
  }
}
