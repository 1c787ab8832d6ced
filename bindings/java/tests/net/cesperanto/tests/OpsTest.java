package net.cesperanto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.cesperanto.Cle;
import net.cesperanto.CleArray;
import net.cesperanto.CleInvalidArgumentException;
import net.cesperanto.DType;
import net.cesperanto.OperationDesc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Ops through Java against naive Java references, and overloads against explicit spec defaults. */
class OpsTest {
  @AfterAll
  static void noLeaks() throws InterruptedException {
    Leaks.assertNoLiveArrays(0);
  }

  @Test
  void maximumZProjectionMatchesANaiveLoop() {
    int z = 3, y = 4, x = 5;
    float[] data = new float[z * y * x];
    Random rng = new Random(4);
    for (int i = 0; i < data.length; i++) data[i] = rng.nextFloat();
    float[] want = new float[y * x];
    for (int i = 0; i < y * x; i++) {
      want[i] = data[i];
      for (int k = 1; k < z; k++) want[i] = Math.max(want[i], data[k * y * x + i]);
    }
    try (CleArray src = Cle.push(data, z, y, x); CleArray max = Cle.maximumZProjection(src)) {
      assertArrayEquals(new long[] {y, x}, max.shape());
      assertArrayEquals(want, Cle.pullFloats(max));
    }
  }

  @Test
  void severalOutputsComeBackAsAnArrayFromTheLargestDown() {
    // a 1D ramp of squares: d2/dx2 = 2 inside, so the large eigenvalue is 2 and the small one 0 (y is flat)
    float[] data = new float[15];
    for (int i = 0; i < data.length; i++) data[i] = (float) ((i % 5) * (i % 5));
    try (CleArray src = Cle.push(data, 3, 5); CleArray src3 = Cle.push(new float[27], 3, 3, 3)) {
      CleArray[] two = Cle.hessianEigenvalues(src);
      CleArray[] three = Cle.hessianGaussianEigenvalues(src3, null, null, null, 1.5f);
      try {
        assertEquals(2, two.length);
        assertEquals(3, three.length);
        float[] large = Cle.pullFloats(two[0]), small = Cle.pullFloats(two[1]);
        assertEquals(2f, large[1 * 5 + 2], 0f);
        assertEquals(0f, small[1 * 5 + 2], 0f);
        for (int i = 0; i < large.length; i++) assertTrue(large[i] >= small[i]);
        for (CleArray a : three) assertArrayEquals(new long[] {3, 3, 3}, a.shape());
      } finally {
        for (CleArray a : two) a.close();
        for (CleArray a : three) a.close();
      }
      try (CleArray wrong = Cle.push(new float[4], 2, 2)) {
        CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class,
            () -> Cle.hessianEigenvalues(src, wrong, null, null));
        assertTrue(e.getMessage().contains("hessian_eigenvalues: small_eigenvalue has shape (2, 2), expected (3, 5)"),
                   e.getMessage());
      }
    }
  }

  @Test
  void affineTransformTakesAFloatArray() {
    float[] data = {1, 2, 3, 4, 5, 6};
    try (CleArray src = Cle.push(data, 2, 3);
         CleArray moved = Cle.affineTransform(src, null, new float[] {1, 0, 1, 0, 1, 0, 0, 0, 1});
         CleArray same = Cle.affineTransform(src, null, null);
         CleArray plain = Cle.affineTransform(src)) {
      assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5}, Cle.pullFloats(moved));
      assertArrayEquals(data, Cle.pullFloats(same));
      assertArrayEquals(data, Cle.pullFloats(plain));
      CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class,
          () -> Cle.affineTransform(src, null, new float[] {1, 0, 0, 0, 1, 0, 0}));
      assertTrue(e.getMessage().contains("affine_transform: transform_matrix must have 9, 12 or 16 numbers, got 7"),
                 e.getMessage());
    }
  }

  @Test
  void weightedSumArgumentOrder() {
    try (CleArray a = Cle.push(new float[] {1, 2, 3}, 3);
         CleArray b = Cle.push(new float[] {10, 10, 10}, 3);
         CleArray r = Cle.addImagesWeighted(a, b, null, 2f, -1f);
         CleArray d = Cle.subtractImages(a, b)) {
      assertArrayEquals(new float[] {-8, -6, -4}, Cle.pullFloats(r));
      assertArrayEquals(new float[] {-9, -8, -7}, Cle.pullFloats(d));
    }
  }

  @Test
  void shortOverloadsUseTheSpecDefaults() {
    OperationDesc dog = Cle.operation("difference_of_gaussian");
    float[] d = new float[6];
    for (int i = 0; i < 6; i++) d[i] = (float) dog.param(i).defaultNumber();
    float[] data = new float[12 * 13];
    Random rng = new Random(2);
    for (int i = 0; i < data.length; i++) data[i] = rng.nextFloat();
    try (CleArray src = Cle.push(data, 12, 13);
         CleArray implicit = Cle.differenceOfGaussian(src);
         CleArray explicit = Cle.differenceOfGaussian(src, null, d[0], d[1], d[2], d[3], d[4], d[5])) {
      assertArrayEquals(Cle.pullFloats(explicit), Cle.pullFloats(implicit));
    }
  }

  @Test
  @SuppressWarnings("deprecation") // the deprecated alias on purpose
  void deprecatedAliasAndChoiceAliasGiveTheOpsResult() {
    byte[] pixels = {1, 0, 1, 0, 1, 0, 1, 0, 1};
    try (CleArray binary = Cle.push(pixels, DType.UINT8, 3, 3);
         CleArray sphere = Cle.connectedComponentLabeling(binary, null, "sphere");
         CleArray old = Cle.connectedComponentsLabeling(binary, null, "diamond");
         CleArray box = Cle.connectedComponentLabeling(binary)) {
      assertArrayEquals(Cle.pullInts(sphere), Cle.pullInts(old));
      assertEquals(5.0, Cle.maximumOfAllPixels(sphere)); // 4-connected: the 5 pixels stay apart
      assertEquals(1.0, Cle.maximumOfAllPixels(box));    // 8-connected: one object
    }
  }

  @Test
  void keepDimsKeepsAThreeDimensionalResult() {
    try (CleArray stack = Cle.create(DType.UINT16, 4, 5, 6); CleArray kept = Cle.maximumZProjection(stack, null, true)) {
      assertArrayEquals(new long[] {1, 5, 6}, kept.shape());
    }
  }

  @Test
  void listAndBoolResults() {
    try (CleArray image = Cle.push(new float[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}, 3, 4)) {
      assertArrayEquals(new double[] {1, 0, 0, 3, 2, 0}, Cle.boundingBox(image));
      assertArrayEquals(new double[] {3, 2, 0}, Cle.maximumPosition(image));
      assertTrue(Cle.arrayEqual(image, image));
    }
  }

  @Test
  void tableResults() {
    try (CleArray labels = Cle.push(new float[] {0, 1, 1, 2, 0, 2}, 2, 3);
        CleArray intensity = Cle.push(new float[] {9, 1, 3, 4, 9, 6}, 2, 3)) {
      java.util.Map<String, double[]> table = Cle.statisticsOfLabelledPixels(intensity, labels);
      assertTrue(table instanceof java.util.LinkedHashMap);
      assertEquals(36, table.size());
      assertEquals("label", table.keySet().iterator().next());
      assertArrayEquals(new double[] {1, 2}, table.get("label"));
      assertArrayEquals(new double[] {2, 2}, table.get("area"));
      assertArrayEquals(new double[] {2, 5}, table.get("mean_intensity"));
      java.util.Map<String, double[]> self = Cle.statisticsOfBackgroundAndLabelledPixels(null, labels);
      assertArrayEquals(new double[] {0, 1, 2}, self.get("mean_intensity"));
    }
  }

  @Test
  void scalarAndInplaceOps() {
    try (CleArray a = Cle.create(DType.INT32, 3, 3); CleArray same = Cle.set(a, 5f)) {
      assertEquals(45.0, Cle.sumOfAllPixels(a));
      assertArrayEquals(Cle.pullInts(a), Cle.pullInts(same));
    }
  }
}
