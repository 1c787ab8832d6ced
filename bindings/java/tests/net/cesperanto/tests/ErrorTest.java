package net.cesperanto.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.cesperanto.Cle;
import net.cesperanto.CleArray;
import net.cesperanto.CleError;
import net.cesperanto.CleException;
import net.cesperanto.CleIOException;
import net.cesperanto.CleInvalidArgumentException;
import net.cesperanto.CleOutOfMemoryException;
import net.cesperanto.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The C messages (op, parameter, value) arrive as the matching exception classes. */
class ErrorTest {
  @AfterAll
  static void noLeaks() throws InterruptedException {
    Leaks.assertNoLiveArrays(0);
  }

  @Test
  void hierarchy() {
    assertTrue(IllegalArgumentException.class.isAssignableFrom(CleInvalidArgumentException.class));
    assertTrue(CleError.class.isAssignableFrom(CleInvalidArgumentException.class));
    assertTrue(RuntimeException.class.isAssignableFrom(CleException.class));
    assertTrue(CleException.class.isAssignableFrom(CleOutOfMemoryException.class));
    assertTrue(CleException.class.isAssignableFrom(CleIOException.class));
  }

  @Test
  void negativeSigma() {
    try (CleArray src = Cle.create(DType.FLOAT32, 4, 4)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cle.gaussianBlur(src, null, -1f));
      assertTrue(e instanceof CleInvalidArgumentException);
      assertEquals(1, ((CleError) e).code());
      assertTrue(e.getMessage().contains("gaussian_blur") && e.getMessage().contains("sigma_x") && e.getMessage().contains("-1"),
          e.getMessage());
    }
  }

  @Test
  void nullImage() {
    CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class, () -> Cle.gaussianBlur(null, null, 1f));
    assertEquals("gaussian_blur: input_image must not be NULL", e.getMessage());
  }

  @Test
  void wrongDtype() {
    try (CleArray src = Cle.create(DType.UINT8, 4, 4); CleArray dst = Cle.create(DType.UINT8, 4, 4)) {
      CleInvalidArgumentException e =
          assertThrows(CleInvalidArgumentException.class, () -> Cle.gaussianBlur(src, dst, 1f, 1f));
      assertTrue(e.getMessage().contains("gaussian_blur") && e.getMessage().contains("output_image") && e.getMessage().contains("uint8"),
          e.getMessage());
    }
  }

  @Test
  void badChoiceAndMissingFile() {
    try (CleArray src = Cle.create(DType.UINT8, 3, 3)) {
      src.fill(1);
      CleInvalidArgumentException e =
          assertThrows(CleInvalidArgumentException.class, () -> Cle.connectedComponentLabeling(src, null, "star"));
      assertTrue(e.getMessage().contains("connected_component_labeling: connectivity"), e.getMessage());
    }
    assertThrows(CleIOException.class, () -> Cle.imread("/nonexistent/file.tif"));
  }

  @Test
  void errorDoesNotLeakIntoTheNextCall() {
    assertThrows(CleInvalidArgumentException.class, () -> Cle.gaussianBlur(null));
    try (CleArray src = Cle.push(new float[] {1, 1, 1, 1}, 2, 2); CleArray out = Cle.gaussianBlur(src, null, 1f, 1f)) {
      float[] got = Cle.pullFloats(out);
      for (float v : got) assertEquals(1f, v, 1e-6f);
    }
  }
}
