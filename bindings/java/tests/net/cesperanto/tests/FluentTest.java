package net.cesperanto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.cesperanto.Cle;
import net.cesperanto.CleArray;
import net.cesperanto.CleInvalidArgumentException;
import net.cesperanto.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CleArray's fluent methods (from the spec's operator table), toString, reductions, CleArray.of,
 *  slices, and device selection by index and type. */
class FluentTest {
  static long baseline;

  @BeforeAll
  static void start() throws InterruptedException {
    Leaks.assertNoLiveArrays(0);
    baseline = Cle.liveArrayCount();
  }

  @AfterAll
  static void noLeaks() throws InterruptedException {
    Cle.selectDevice("");
    Leaks.assertNoLiveArrays(baseline);
  }

  static float[] random(long seed, int n, float lo, float hi) {
    Random rng = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rng.nextFloat();
    return v;
  }

  static double[] doubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) d[i] = v[i];
    return d;
  }

  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    for (String part : snake.split("_"))
      b.append(b.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    return b.toString();
  }

  /** Every operator: entry of ops.json has its CleArray method, which gives the tagged op's pixels. */
  @Test
  @SuppressWarnings("unchecked")
  void everyOperatorOfTheSpecIsAFluentMethod() throws Exception {
    float[] x = random(1, 35, 0.25f, 3f), y = random(2, 35, 0.25f, 3f);
    int entries = 0;
    TreeSet<String> names = new TreeSet<>();
    try (CleArray a = Cle.push(x, 5, 7); CleArray b = Cle.push(y, 5, 7)) {
      for (Map<String, Object> op : MiniJson.ops()) {
        for (Object o : (List<Object>) op.get("operators")) {
          Map<String, Object> entry = (Map<String, Object>) o;
          String ufunc = (String) entry.get("ufunc");
          List<Object> args = (List<Object>) entry.get("args");
          String kinds = "";
          for (Object arg : args) kinds += "param".equals(((Map<String, Object>) arg).get("kind")) ? "S" : "A";
          String method = ufunc.equals("negative") ? "negate" : ufunc.equals("absolute") ? "abs" : camel(ufunc);
          if (kinds.equals("SA")) method = "r" + method;
          int nInputs = ((List<Object>) op.get("inputs")).size();
          // The op itself, by its full Cle method: inputs, dst (null), then the scalar.
          List<Class<?>> types = new ArrayList<>();
          for (int i = 0; i <= nInputs; i++) types.add(CleArray.class);
          if (kinds.contains("S")) types.add(float.class);
          Method direct = Cle.class.getMethod(camel((String) op.get("name")), types.toArray(new Class<?>[0]));
          Object[] directArgs = new Object[types.size()];
          directArgs[0] = a;
          if (kinds.equals("AA")) directArgs[1] = b;
          if (kinds.contains("S")) directArgs[types.size() - 1] = 1.75f;
          Method fluent = kinds.contains("S") ? CleArray.class.getMethod(method, float.class)
              : kinds.equals("AA") ? CleArray.class.getMethod(method, CleArray.class) : CleArray.class.getMethod(method);
          Object[] fluentArgs = kinds.contains("S") ? new Object[] {1.75f} : kinds.equals("AA") ? new Object[] {b}
              : new Object[0];
          try (CleArray want = (CleArray) direct.invoke(null, directArgs);
               CleArray got = (CleArray) fluent.invoke(a, fluentArgs)) {
            assertEquals(want.getDtype(), got.getDtype(), method);
            assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), method + " runs " + op.get("name"));
          }
          names.add(method + "/" + kinds);
          entries++;
        }
      }
    }
    assertTrue(entries >= 50, "the spec tags at least 50 operators, got " + entries);
    assertTrue(names.contains("rdivide/SA") && names.contains("greater/AS") && names.contains("negate/A"));
  }

  @Test
  void arithmeticAgainstJava() {
    float[] x = random(3, 24, -5f, 5f), y = random(4, 24, 0.5f, 5f);
    try (CleArray a = Cle.push(x, 2, 3, 4); CleArray b = Cle.push(y, 2, 3, 4);
         CleArray sum = a.add(b); CleArray diff = a.subtract(b); CleArray prod = a.multiply(b);
         CleArray quot = a.divide(b); CleArray plus = a.add(2f); CleArray minus = a.subtract(2.5f);
         CleArray scaled = a.multiply(0.5f); CleArray halved = a.divide(3f); CleArray rsub = a.rsubtract(1f);
         CleArray rdiv = b.rdivide(1000f); CleArray neg = a.negate(); CleArray gt = a.greater(1f);
         CleArray le = a.lessEqual(b); CleArray absolute = a.abs()) {
      double[] s = sum.toDoubleArray(), d = diff.toDoubleArray(), p = prod.toDoubleArray(), q = quot.toDoubleArray();
      double[] pl = plus.toDoubleArray(), mi = minus.toDoubleArray(), sc = scaled.toDoubleArray();
      double[] ha = halved.toDoubleArray(), rs = rsub.toDoubleArray(), rd = rdiv.toDoubleArray();
      double[] ng = neg.toDoubleArray(), g = gt.toDoubleArray(), l = le.toDoubleArray(), ab = absolute.toDoubleArray();
      assertEquals(DType.UINT8, gt.getDtype());
      assertArrayEquals(new long[] {2, 3, 4}, sum.shape());
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i] + y[i], (float) s[i]);
        assertEquals(x[i] - y[i], (float) d[i]);
        assertEquals(x[i] * y[i], (float) p[i]);
        assertEquals(x[i] / y[i], (float) q[i], Math.ulp(x[i] / y[i]));
        assertEquals(x[i] + 2f, (float) pl[i]);
        assertEquals(x[i] - 2.5f, (float) mi[i]);
        assertEquals(x[i] * 0.5f, (float) sc[i]);
        assertEquals(x[i] * (float) (1.0 / 3.0), (float) ha[i]); // the rewrite: a * (1 / s)
        assertEquals(x[i] / 3f, (float) ha[i], Math.ulp(x[i] / 3f));
        assertEquals(1f - x[i], (float) rs[i]);
        assertEquals(1000f / y[i], (float) rd[i], Math.ulp(1000f / y[i]));
        assertEquals(-x[i], (float) ng[i]);
        assertEquals(x[i] > 1f ? 1 : 0, g[i]);
        assertEquals(x[i] <= y[i] ? 1 : 0, l[i]);
        assertEquals(Math.abs(x[i]), (float) ab[i]);
      }
    }
  }

  @Test
  void fluentErrorsNameTheOp() {
    try (CleArray a = Cle.push(new float[6], 2, 3); CleArray b = Cle.push(new float[6], 3, 2)) {
      CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class, () -> a.add(b));
      assertTrue(e.getMessage().contains("add_images"), e.getMessage());
      e = assertThrows(CleInvalidArgumentException.class, () -> a.multiply((CleArray) null));
      assertTrue(e.getMessage().contains("multiply_images"), e.getMessage());
      CleArray closed = Cle.push(new float[2], 2);
      closed.close();
      e = assertThrows(CleInvalidArgumentException.class, () -> closed.add(1f));
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
      assertEquals("CleArray(closed)", closed.toString());
    }
  }

  // ---- toString: numpy's repr (the expected strings are numpy 2's, renamed) ----

  @Test
  void toStringShowsTheValuesAsNumpy() {
    try (CleArray a = CleArray.of(new int[][] {{0, 1, 2}, {3, 4, 5}}, DType.UINT8)) {
      assertEquals("CleArray([[0, 1, 2],\n          [3, 4, 5]], dtype=uint8, shape=[2, 3])", a.toString());
    }
    try (CleArray a = CleArray.of(new float[] {Float.POSITIVE_INFINITY, 1000f, 500f, 1000f / 3f, 250f, 200f})) {
      assertEquals("CleArray([       inf, 1000.     ,  500.     ,  333.33334,  250.     ,  200.     ],"
          + " dtype=float32, shape=[6])", a.toString().replace("\n         ", ""));
    }
    try (CleArray a = CleArray.of(new float[] {1e-6f, 3f, Float.NaN, Float.NEGATIVE_INFINITY})) {
      assertEquals("CleArray([1.e-06, 3.e+00,    nan,   -inf], dtype=float32, shape=[4])", a.toString());
    }
    try (CleArray a = CleArray.of(new float[] {1.5e-6f, -3f, 0f})) {
      assertEquals("CleArray([ 1.5e-06, -3.0e+00,  0.0e+00], dtype=float32, shape=[3])", a.toString());
    }
    float[][][] f = new float[2][2][2];
    f[1][1][1] = 1.5f;
    f[0][0][0] = -2f;
    try (CleArray a = CleArray.of(f)) {
      assertEquals("CleArray([[[-2. ,  0. ],\n           [ 0. ,  0. ]],\n\n          [[ 0. ,  0. ],\n"
          + "           [ 0. ,  1.5]]], dtype=float32, shape=[2, 2, 2])", a.toString());
    }
    int[][] big = new int[40][50];
    for (int i = 0; i < 40; i++)
      for (int j = 0; j < 50; j++) big[i][j] = i * 50 + j;
    try (CleArray a = CleArray.of(big)) { // over 1000 pixels: numpy's summary
      String[] lines = a.toString().split("\n");
      assertEquals(7, lines.length);
      assertEquals("CleArray([[   0,    1,    2, ...,   47,   48,   49],", lines[0]);
      assertEquals("          ...,", lines[3]);
      assertEquals("          [1950, 1951, 1952, ..., 1997, 1998, 1999]], dtype=int32, shape=[40, 50])", lines[6]);
    }
  }

  @Test
  void reductions() {
    float[] x = random(5, 60, -3f, 7f);
    double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE, total = 0;
    for (float v : x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      total += v;
    }
    try (CleArray a = Cle.push(x, 3, 4, 5)) {
      assertEquals(lo, a.min());
      assertEquals(hi, a.max());
      assertEquals(total, a.sum(), 1e-4);
      assertEquals(total / 60, a.mean(), 1e-5);
    }
    try (CleArray a = CleArray.of(new byte[] {-1, 2, 3}, DType.UINT8)) {
      assertEquals(255, a.max());
      assertEquals(260, a.sum());
    }
  }

  // ---- CleArray.of ----

  @Test
  void ofInfersTheDtypeAndShape() {
    try (CleArray f1 = CleArray.of(new float[] {1, 2, 3}); CleArray f2 = CleArray.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
         CleArray f3 = CleArray.of(new float[][][] {{{1}, {2}}, {{3}, {4}}}); CleArray d2 = CleArray.of(new double[][] {{0.1, 2}});
         CleArray i2 = CleArray.of(new int[][] {{-7, 8}}); CleArray s3 = CleArray.of(new short[][][] {{{-3, 4, 5}}});
         CleArray b1 = CleArray.of(new byte[] {-128, 127}); CleArray z2 = CleArray.of(new boolean[][] {{true, false}})) {
      assertArrayEquals(new long[] {3}, f1.shape());
      assertArrayEquals(new long[] {3, 2}, f2.shape());
      assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, f2.toDoubleArray());
      assertArrayEquals(new long[] {2, 2, 1}, f3.shape());
      assertArrayEquals(new double[] {1, 2, 3, 4}, f3.toDoubleArray());
      assertEquals(DType.FLOAT32, d2.getDtype());
      assertArrayEquals(new double[] {0.1f, 2}, d2.toDoubleArray());
      assertEquals(DType.INT32, i2.getDtype());
      assertArrayEquals(new double[] {-7, 8}, i2.toDoubleArray());
      assertEquals(DType.INT16, s3.getDtype());
      assertArrayEquals(new long[] {1, 1, 3}, s3.shape());
      assertEquals(DType.INT8, b1.getDtype());
      assertArrayEquals(new double[] {-128, 127}, b1.toDoubleArray());
      assertEquals(DType.UINT8, z2.getDtype());
      assertArrayEquals(new double[] {1, 0}, z2.toDoubleArray());
    }
  }

  @Test
  void ofWithADtypeReinterpretsOrConverts() {
    try (CleArray u8 = CleArray.of(new byte[][] {{-1, 1}}, DType.UINT8);
         CleArray u32 = CleArray.of(new int[] {-1}, DType.UINT32);
         CleArray sat = CleArray.of(new int[] {-5, 300, 7}, DType.UINT8);
         CleArray trunc = CleArray.of(new float[] {2.7f, -2.7f, Float.NaN}, DType.INT16);
         CleArray asFloat = CleArray.of(new int[] {1 << 24, 3}, DType.FLOAT32)) {
      assertArrayEquals(new double[] {255, 1}, u8.toDoubleArray()); // the bits, as 0..255
      assertArrayEquals(new double[] {4294967295.0}, u32.toDoubleArray());
      assertArrayEquals(new double[] {0, 255, 7}, sat.toDoubleArray()); // converted: saturated
      assertArrayEquals(new double[] {2, -2, 0}, trunc.toDoubleArray()); // toward zero, NaN 0
      assertEquals(DType.FLOAT32, asFloat.getDtype());
      assertArrayEquals(new double[] {16777216, 3}, asFloat.toDoubleArray());
    }
  }

  @Test
  void ofRejectsBadData() {
    CleInvalidArgumentException e =
        assertThrows(CleInvalidArgumentException.class, () -> CleArray.of(new float[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("data[1] has 1 values, expected 2"), e.getMessage());
    e = assertThrows(CleInvalidArgumentException.class, () -> CleArray.of(new float[0]));
    assertTrue(e.getMessage().contains("every size must be >= 1"), e.getMessage());
    e = assertThrows(CleInvalidArgumentException.class, () -> CleArray.of((float[]) null));
    assertTrue(e.getMessage().contains("data must not be null"), e.getMessage());
    e = assertThrows(CleInvalidArgumentException.class, () -> CleArray.of(new float[1][1][1][1], DType.FLOAT32));
    assertTrue(e.getMessage().contains("rank 1 to 3, got rank 4"), e.getMessage());
    e = assertThrows(CleInvalidArgumentException.class, () -> CleArray.of(new long[] {1}, DType.INT32));
    assertTrue(e.getMessage().contains("got long[]"), e.getMessage());
    e = assertThrows(CleInvalidArgumentException.class, () -> CleArray.of(new int[] {1}, null));
    assertTrue(e.getMessage().contains("dtype must not be null"), e.getMessage());
    e = assertThrows(CleInvalidArgumentException.class, () -> CleArray.of(new float[][] {{1}, null}));
    assertTrue(e.getMessage().contains("data[1] is null"), e.getMessage());
  }

  // ---- slices (expected values: numpy's, over np.arange(60).reshape(3, 4, 5)) ----

  static int[] arange(int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) v[i] = i;
    return v;
  }

  static void assertSlice(CleArray a, String index, long[] shape, double... values) {
    try (CleArray s = a.slice(index)) {
      assertArrayEquals(shape, s.shape(), index);
      assertEquals(a.getDtype(), s.getDtype(), index);
      assertArrayEquals(values, s.toDoubleArray(), index);
    }
  }

  @Test
  void sliceReadsAsNumpy() {
    try (CleArray a = Cle.push(arange(60), DType.INT32, 3, 4, 5)) {
      assertSlice(a, "1:3, ::2", new long[] {2, 2, 5}, 20, 21, 22, 23, 24, 30, 31, 32, 33, 34, 40, 41, 42, 43, 44, 50,
          51, 52, 53, 54);
      assertSlice(a, "::-1, 1, 3:0:-2", new long[] {3, 2}, 48, 46, 28, 26, 8, 6);
      assertSlice(a, "..., 0", new long[] {3, 4}, 0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55);
      assertSlice(a, "0, 1:, -2:", new long[] {3, 2}, 8, 9, 13, 14, 18, 19);
      assertSlice(a, "1, 2, 3", new long[] {1}, 33);
      assertSlice(a, "0:100:3, 1", new long[] {1, 5}, 5, 6, 7, 8, 9);
      assertSlice(a, "-1, -1, -1:-6:-2", new long[] {3}, 59, 57, 55);
      try (CleArray s = a.slice("5:-100:-1")) {
        assertArrayEquals(new long[] {3, 4, 5}, s.shape());
        assertEquals(40, s.toDoubleArray()[0]);
        assertEquals(19, s.toDoubleArray()[59]);
      }
      try (CleArray s = a.slice("")) { // a[()]: everything
        assertArrayEquals(a.toDoubleArray(), s.toDoubleArray());
      }
    }
  }

  @Test
  void sliceErrorsNameTheIndex() {
    try (CleArray a = Cle.push(arange(60), DType.INT32, 3, 4, 5)) {
      String[][] cases = {
          {"3", "index 3 is out of bounds for axis 0 with size 3"},
          {"0, -5", "index -5 is out of bounds for axis 1 with size 4"},
          {"0, 0, 0, 0", "too many indices for array: array is 3-dimensional, but 4 were indexed"},
          {"::0", "slice step cannot be zero"},
          {"1:x", "cannot read 'x' in index '1:x' as an integer"},
          {"..., ...", "an index can only have a single ellipsis"},
          {"2:1", "selects no pixel"},
          {"0,,1", "empty item at axis 1"},
          {"1:2:3:4", "as start:stop:step"},
      };
      for (String[] c : cases) {
        CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class, () -> a.slice(c[0]), c[0]);
        assertTrue(e.getMessage().startsWith("slice: ") && e.getMessage().contains(c[1]), e.getMessage());
      }
      assertThrows(CleInvalidArgumentException.class, () -> a.slice(null));
      CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class, () -> a.setSlice("3", 0));
      assertTrue(e.getMessage().startsWith("setSlice: index 3 is out of bounds"), e.getMessage());
    }
  }

  @Test
  void setSliceWritesAsNumpy() {
    try (CleArray a = Cle.create(DType.INT16, 3, 4); CleArray row = CleArray.of(new short[][] {{1, 2}});
         CleArray fl = CleArray.of(new float[] {0.5f, 1.5f, 2.5f, 3.5f})) {
      a.fill(0);
      a.setSlice("1:3, ::2", row); // broadcast over the rows
      a.setSlice("0, ::-1", fl); // converted to int16 (toward zero)
      a.setSlice(":, 3", 9);
      assertArrayEquals(new double[] {3, 2, 1, 9, 1, 0, 2, 9, 1, 0, 2, 9}, a.toDoubleArray());
      a.setSlice("2:1", 5); // an empty selection writes nothing, as numpy
      a.setSlice("1, 1", 7);
      assertEquals(7, a.toDoubleArray()[5]);
      CleInvalidArgumentException e =
          assertThrows(CleInvalidArgumentException.class, () -> a.setSlice("1:3, 0:3", row));
      assertTrue(e.getMessage().contains("could not broadcast value of shape [1, 2] into the selection of shape [2, 3]"),
          e.getMessage());
      e = assertThrows(CleInvalidArgumentException.class, () -> a.setSlice("0", (CleArray) null));
      assertTrue(e.getMessage().contains("value must not be null"), e.getMessage());
    }
    try (CleArray b = CleArray.of(new float[] {0, 1, 2, 3, 4, 5})) {
      b.setSlice("::-1", b); // reads a copy of itself, as numpy
      assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, b.toDoubleArray());
    }
  }

  // ---- devices ----

  @Test
  void selectDeviceByIndexAndType() {
    List<String> all = Cle.listDevices();
    assertFalse(all.isEmpty());
    assertEquals(all, Cle.listDevices("all"));
    assertEquals(all, Cle.listDevices("ALL"));
    List<String> cpus = Cle.listDevices("cpu"), gpus = Cle.listDevices("gpu");
    assertEquals(all.size(), cpus.size() + gpus.size() + Cle.listDevices("accelerator").size()
        + Cle.listDevices("other").size());
    assertEquals(all.get(0), Cle.selectDevice(0).getName());
    assertEquals(all.get(all.size() - 1), Cle.selectDevice(all.size() - 1, "all").getName());
    try (CleArray a = Cle.push(new float[] {1}, 1)) { // push goes to the selected device
      assertEquals(all.get(all.size() - 1), a.getDevice().getName());
    }
    if (!cpus.isEmpty()) assertEquals(cpus.get(0), Cle.selectDevice(0, "cpu").getName());
    // pyclesperanto's fallbacks (each logs a warning): an index past the end, an unknown name,
    // a type without devices select the default (of the type).
    String current = Cle.getDevice().getName();
    assertEquals(current, Cle.selectDevice(all.size() + 5).getName());
    assertEquals(current, Cle.selectDevice("no such device anywhere 1234").getName());
    assertEquals(current, Cle.selectDevice("", "all").getName());
    assertEquals(all.get(0), Cle.selectDevice(0, "no-such-type").getName());
    CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class, () -> Cle.selectDevice(-1));
    assertTrue(e.getMessage().contains("index must be >= 0, got -1"), e.getMessage());
    assertThrows(CleInvalidArgumentException.class, () -> Cle.selectDevice(0, null));
    assertThrows(CleInvalidArgumentException.class, () -> Cle.selectDevice((String) null));
    Cle.selectDevice(0);
  }

  /** Reflection sees the fluent methods on CleArray itself (the public class users have). */
  @Test
  void fluentMethodsArePublicOnCleArray() throws NoSuchMethodException, IllegalAccessException,
      InvocationTargetException {
    Method m = CleArray.class.getMethod("add", float.class);
    try (CleArray a = Cle.push(new float[] {1, 2}, 2); CleArray b = (CleArray) m.invoke(a, 1f)) {
      assertArrayEquals(new double[] {2, 3}, b.toDoubleArray());
    }
  }
}
