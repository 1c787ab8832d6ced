package net.cesperanto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.cesperanto.Cle;
import net.cesperanto.CleArray;
import net.cesperanto.CleBuildException;
import net.cesperanto.CleInvalidArgumentException;
import net.cesperanto.CleDevice;
import net.cesperanto.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Arrays from Java: round trips per dtype and rank, buffers, closing, dst, devices, user kernels. */
class ArrayTest {
  static long baseline;

  @BeforeAll
  static void start() throws InterruptedException {
    Leaks.assertNoLiveArrays(0);
    baseline = Cle.liveArrayCount();
  }

  @AfterAll
  static void noLeaks() throws InterruptedException {
    Leaks.assertNoLiveArrays(baseline);
  }

  @Test
  void floatRoundTripInEveryRank() {
    Random rng = new Random(1);
    long[][] shapes = {{7}, {5, 9}, {3, 5, 9}, {2, 1, 3}};
    for (long[] shape : shapes) {
      int n = 1;
      for (long s : shape) n *= (int) s;
      float[] data = new float[n];
      for (int i = 0; i < n; i++) data[i] = rng.nextFloat();
      try (CleArray arr = Cle.push(data, shape)) {
        assertArrayEquals(shape, arr.shape());
        assertEquals(DType.FLOAT32, arr.getDtype());
        assertEquals(n, arr.getSize());
        assertArrayEquals(data, Cle.pullFloats(arr));
      }
    }
  }

  @Test
  void integerRoundTripsKeepTheBits() {
    byte[] b = {-128, -1, 0, 1, 127, (byte) 200};
    short[] s = {-32768, -1, 0, 1, 32767, (short) 60000};
    int[] i = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, (int) 4000000000L};
    for (DType t : new DType[] {DType.INT8, DType.UINT8})
      try (CleArray a = Cle.push(b, t, 2, 3)) {
        assertEquals(t, a.getDtype());
        assertArrayEquals(b, Cle.pullBytes(a));
      }
    for (DType t : new DType[] {DType.INT16, DType.UINT16})
      try (CleArray a = Cle.push(s, t, 6)) {
        assertArrayEquals(s, Cle.pullShorts(a));
      }
    for (DType t : new DType[] {DType.INT32, DType.UINT32})
      try (CleArray a = Cle.push(i, t, 3, 2, 1)) {
        assertArrayEquals(i, Cle.pullInts(a));
      }
  }

  @Test
  void directBuffers() {
    ByteBuffer in = ByteBuffer.allocateDirect(4 * 6).order(ByteOrder.nativeOrder());
    for (int k = 0; k < 6; k++) in.putFloat(k * 4, k * 0.5f);
    try (CleArray arr = Cle.push(in, DType.FLOAT32, 2, 3)) {
      ByteBuffer out = ByteBuffer.allocateDirect((int) arr.getNbytes()).order(ByteOrder.nativeOrder());
      Cle.pull(arr, out);
      for (int k = 0; k < 6; k++) assertEquals(k * 0.5f, out.getFloat(k * 4));
    }
    assertThrows(CleInvalidArgumentException.class, () -> Cle.push(ByteBuffer.allocate(8), DType.UINT8, 8));
    ByteBuffer wrongSize = ByteBuffer.allocateDirect(5);
    CleInvalidArgumentException e =
        assertThrows(CleInvalidArgumentException.class, () -> Cle.push(wrongSize, DType.UINT8, 2, 3));
    assertTrue(e.getMessage().contains("push"), e.getMessage());
  }

  @Test
  void badShapesAndDtypes() {
    assertThrows(CleInvalidArgumentException.class, () -> Cle.create(DType.UINT8, 0, 3));
    assertThrows(CleInvalidArgumentException.class, () -> Cle.create(DType.UINT8, 1, 2, 3, 4));
    assertThrows(CleInvalidArgumentException.class, () -> Cle.push(new short[4], DType.UINT8, 4));
    try (CleArray f = Cle.create(DType.FLOAT32, 4)) {
      assertThrows(CleInvalidArgumentException.class, () -> Cle.pullInts(f));
      assertThrows(CleInvalidArgumentException.class, () -> Cle.pullBytes(f));
    }
  }

  @Test
  void createFillAndToString() {
    try (CleArray a = Cle.create(DType.UINT16, 3, 4); CleArray like = Cle.createLike(a, DType.FLOAT32)) {
      a.fill(9);
      short[] got = Cle.pullShorts(a);
      for (short v : got) assertEquals(9, v);
      assertArrayEquals(new long[] {3, 4}, like.shape());
      assertEquals(DType.FLOAT32, like.getDtype());
      assertTrue(a.toString().contains("[3, 4]") && a.toString().contains("uint16"), a.toString());
    }
  }

  @Test
  void closedArraysFailCleanlyAndCloseTwiceIsFine() {
    CleArray a = Cle.push(new float[] {1, 2, 3}, 3);
    a.close();
    a.close();
    assertEquals("CleArray(closed)", a.toString());
    CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class, () -> Cle.gaussianBlur(a, null, 1f));
    assertTrue(e.getMessage().contains("gaussian_blur") && e.getMessage().contains("input_image"), e.getMessage());
  }

  @Test
  @SuppressWarnings("try") // dst is closed early on purpose
  void givenDstIsReturnedAsAnotherReference() {
    try (CleArray a = Cle.push(new float[] {1, 2, 3, 4}, 2, 2); CleArray dst = Cle.create(DType.FLOAT32, 2, 2)) {
      long before = Cle.liveArrayCount();
      CleArray result = Cle.addImagesWeighted(a, a, dst, 1f, 2f);
      assertEquals(before, Cle.liveArrayCount(), "dst and the result are one array");
      assertArrayEquals(new float[] {3, 6, 9, 12}, Cle.pullFloats(dst));
      dst.close();
      assertArrayEquals(new float[] {3, 6, 9, 12}, Cle.pullFloats(result), "result keeps the memory alive");
      result.close();
      assertEquals(before - 1, Cle.liveArrayCount());
    }
  }

  @Test
  void unclosedArraysAreReleasedByTheGarbageCollector() throws InterruptedException {
    long before = Cle.liveArrayCount();
    for (int i = 0; i < 20; i++) Cle.push(new float[16], 4, 4);
    assertTrue(Cle.liveArrayCount() > before);
    Leaks.assertNoLiveArrays(before);
  }

  @Test
  void devices() {
    List<String> names = Cle.listDevices();
    assertFalse(names.isEmpty());
    CleDevice dev = Cle.selectDevice(names.get(0));
    assertEquals(names.get(0), dev.getName());
    assertTrue(dev.getGlobalMemory() > 0);
    // pyclesperanto's rule: a name matching no device selects the default one (with a logged warning).
    assertEquals(Cle.getDevice().getName(), Cle.selectDevice("no such device anywhere 1234").getName());
  }

  static final String KERNEL =
      "__kernel void add_scaled(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, float factor, int offset) {\n"
          + "  const int x = get_global_id(0);\n"
          + "  const float v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, 0, 0, 0)).x;\n"
          + "  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, 0, 0, 0), CONVERT_dst_PIXEL_TYPE(v * factor + offset));\n"
          + "}\n";

  @Test
  void executeAUserKernel() {
    try (CleArray src = Cle.push(new float[] {0, 1, 2, 3}, 4); CleArray dst = Cle.create(DType.FLOAT32, 4)) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("src", src);
      params.put("dst", dst);
      params.put("factor", 2f);
      params.put("offset", 1);
      Cle.execute(KERNEL, "add_scaled", params);
      assertArrayEquals(new float[] {1, 3, 5, 7}, Cle.pullFloats(dst));
      params.put("offset", "one");
      assertThrows(CleInvalidArgumentException.class, () -> Cle.execute(KERNEL, "add_scaled", params));
      Map<String, Object> broken = new LinkedHashMap<>();
      broken.put("dst", dst);
      assertThrows(CleBuildException.class,
          () -> Cle.execute("__kernel void broken(IMAGE_dst_TYPE dst) { syntax error }", "broken", broken));
    }
  }
}
