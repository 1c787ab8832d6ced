package net.cesperanto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-written part of {@link CleArray}'s Java API (CleArray extends the generated
 * {@link CleArrayOps}, which extends this): factories from Java arrays of any rank
 * ({@link #of(float[][])}), the values as numpy prints them ({@link #toString()}), whole-image
 * reductions ({@link #min()}, {@link #max()}, {@link #sum()}, {@link #mean()}), slices read
 * and written in numpy's syntax ({@link #slice(String)}, {@link #setSlice(String, CleArray)}) and
 * {@link #astype(DType)}. Python's {@code cesperanto.Array} is the model.
 */
public abstract class CleArrayBase {
  CleArrayBase() {}

  /** This array as the SWIG proxy it is. */
  final CleArray self() {
    CleArray arr = (CleArray) this;
    if (arr.isClosed()) throw new CleInvalidArgumentException("CleArray: the array is closed");
    return arr;
  }

  // ---- factories ----

  /** A float32 array from x values. */
  public static CleArray of(float[] data) { return fromJava("of", data, null); }
  /** A float32 array from [y][x] values (rectangular). */
  public static CleArray of(float[][] data) { return fromJava("of", data, null); }
  /** A float32 array from [z][y][x] values (rectangular). */
  public static CleArray of(float[][][] data) { return fromJava("of", data, null); }
  /** A float32 array from double values (rounded to float32, as pyclesperanto stores float64). */
  public static CleArray of(double[] data) { return fromJava("of", data, null); }
  /** As {@link #of(double[])} from [y][x] values. */
  public static CleArray of(double[][] data) { return fromJava("of", data, null); }
  /** As {@link #of(double[])} from [z][y][x] values. */
  public static CleArray of(double[][][] data) { return fromJava("of", data, null); }
  /** An int32 array. */
  public static CleArray of(int[] data) { return fromJava("of", data, null); }
  /** An int32 array from [y][x] values. */
  public static CleArray of(int[][] data) { return fromJava("of", data, null); }
  /** An int32 array from [z][y][x] values. */
  public static CleArray of(int[][][] data) { return fromJava("of", data, null); }
  /** An int16 array. */
  public static CleArray of(short[] data) { return fromJava("of", data, null); }
  /** An int16 array from [y][x] values. */
  public static CleArray of(short[][] data) { return fromJava("of", data, null); }
  /** An int16 array from [z][y][x] values. */
  public static CleArray of(short[][][] data) { return fromJava("of", data, null); }
  /** An int8 array (Java's byte is signed; {@code of(data, DType.UINT8)} reads the bits as 0..255). */
  public static CleArray of(byte[] data) { return fromJava("of", data, null); }
  /** An int8 array from [y][x] values. */
  public static CleArray of(byte[][] data) { return fromJava("of", data, null); }
  /** An int8 array from [z][y][x] values. */
  public static CleArray of(byte[][][] data) { return fromJava("of", data, null); }
  /** A uint8 0/1 array (numpy's bool becomes uint8, as in pyclesperanto). */
  public static CleArray of(boolean[] data) { return fromJava("of", data, null); }
  /** A uint8 0/1 array from [y][x] values. */
  public static CleArray of(boolean[][] data) { return fromJava("of", data, null); }
  /** A uint8 0/1 array from [z][y][x] values. */
  public static CleArray of(boolean[][][] data) { return fromJava("of", data, null); }

  /**
   * An array of dtype from a Java array of rank 1 to 3 (float, double, int, short, byte or
   * boolean elements; {@code data[z][y][x]}, rectangular). Where dtype is an integer dtype of
   * the Java elements' size ({@code byte[]} and UINT8, {@code int[]} and UINT32, ...) the bits
   * are read as that dtype (Java has no unsigned types: -1 is 255 in UINT8); otherwise the values
   * are converted on the device as the copy op does (saturated, float to integer rounded toward
   * zero, NaN to 0).
   * @param data a float[], float[][], ..., boolean[][][].
   * @param dtype the array's dtype.
   * @return a new array on the selected device (close it when done).
   * @throws CleInvalidArgumentException for null, ragged or empty data, or another element type.
   */
  public static CleArray of(Object data, DType dtype) {
    if (dtype == null) throw new CleInvalidArgumentException("of: dtype must not be null");
    return fromJava("of", data, dtype);
  }

  private static final class Nested {
    final Class<?> element;
    final long[] shape;

    Nested(Class<?> element, long[] shape) {
      this.element = element;
      this.shape = shape;
    }
  }

  /** The element type and numpy shape of a rectangular Java array; errors name the ragged row. */
  private static Nested describe(String who, Object data) {
    if (data == null) throw new CleInvalidArgumentException(who + ": data must not be null");
    List<Long> shape = new ArrayList<>();
    Class<?> type = data.getClass();
    Object probe = data;
    while (type.isArray()) {
      int n = java.lang.reflect.Array.getLength(probe);
      shape.add((long) n);
      type = type.getComponentType();
      if (type.isArray()) {
        if (n == 0) break;
        probe = java.lang.reflect.Array.get(probe, 0);
        if (probe == null) throw new CleInvalidArgumentException(who + ": data[0...] holds a null row");
      }
    }
    while (type.isArray()) type = type.getComponentType();
    if (!data.getClass().isArray() || !type.isPrimitive() || type == char.class || type == long.class)
      throw new CleInvalidArgumentException(who + ": data must be a float, double, int, short, byte or boolean array "
          + "of rank 1 to 3, got " + data.getClass().getSimpleName());
    if (shape.size() > 3)
      throw new CleInvalidArgumentException(who + ": data must have rank 1 to 3, got rank " + shape.size());
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i);
      if (dims[i] < 1)
        throw new CleInvalidArgumentException(who + ": every size must be >= 1, got " + Arrays.toString(dims)
            + " (cesperanto arrays have at least one pixel)");
    }
    checkRectangular(who, data, dims, 0, "data");
    return new Nested(type, dims);
  }

  private static void checkRectangular(String who, Object data, long[] shape, int axis, String path) {
    if (data == null) throw new CleInvalidArgumentException(who + ": " + path + " is null");
    int n = java.lang.reflect.Array.getLength(data);
    if (n != shape[axis])
      throw new CleInvalidArgumentException(who + ": " + path + " has " + n + " values, expected " + shape[axis]
          + " (the data must be rectangular)");
    if (axis + 1 < shape.length)
      for (int i = 0; i < n; i++)
        checkRectangular(who, java.lang.reflect.Array.get(data, i), shape, axis + 1, path + "[" + i + "]");
  }

  private static DType natural(Class<?> element) {
    if (element == float.class || element == double.class) return DType.FLOAT32;
    if (element == int.class) return DType.INT32;
    if (element == short.class) return DType.INT16;
    if (element == byte.class) return DType.INT8;
    return DType.UINT8; // boolean
  }

  private static int elementSize(Class<?> element) {
    if (element == float.class || element == double.class || element == int.class) return 4;
    return element == short.class ? 2 : 1;
  }

  private static void flatten(Object data, int rank, ByteBuffer out) {
    if (rank > 1) {
      for (int i = 0; i < java.lang.reflect.Array.getLength(data); i++)
        flatten(java.lang.reflect.Array.get(data, i), rank - 1, out);
    } else if (data instanceof float[]) {
      out.asFloatBuffer().put((float[]) data);
      out.position(out.position() + 4 * ((float[]) data).length);
    } else if (data instanceof double[]) {
      for (double v : (double[]) data) out.putFloat((float) v);
    } else if (data instanceof int[]) {
      out.asIntBuffer().put((int[]) data);
      out.position(out.position() + 4 * ((int[]) data).length);
    } else if (data instanceof short[]) {
      out.asShortBuffer().put((short[]) data);
      out.position(out.position() + 2 * ((short[]) data).length);
    } else if (data instanceof byte[]) {
      out.put((byte[]) data);
    } else {
      for (boolean v : (boolean[]) data) out.put((byte) (v ? 1 : 0));
    }
  }

  private static CleArray fromJava(String who, Object data, DType dtype) {
    Nested nested = describe(who, data);
    long count = 1;
    for (long s : nested.shape) count *= s;
    int size = elementSize(nested.element);
    if (count * size > Integer.MAX_VALUE)
      throw new CleInvalidArgumentException(who + ": data larger than 2 GB; push a ByteBuffer per slice");
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) (count * size)).order(ByteOrder.nativeOrder());
    flatten(data, nested.shape.length, buffer);
    buffer.rewind();
    DType pushed = natural(nested.element);
    boolean integer = pushed != DType.FLOAT32 && nested.element != boolean.class;
    if (dtype != null && integer && dtype != DType.FLOAT32 && CleNative.dtype_size(dtype) == size) pushed = dtype;
    CleArray arr = CleRuntime.push(buffer, pushed, nested.shape);
    if (dtype == null || dtype == pushed) return arr;
    try (CleArray natural = arr) {
      return natural.astype(dtype);
    }
  }

  // ---- values ----

  /** The pixels as doubles, x fastest (exact for every dtype: 32-bit integers fit a double). */
  public final double[] toDoubleArray() {
    CleArray arr = self();
    if (arr.getNbytes() > Integer.MAX_VALUE)
      throw new CleInvalidArgumentException("toDoubleArray: the array is larger than 2 GB; pull a ByteBuffer");
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.max(arr.getNbytes(), 1)).order(ByteOrder.nativeOrder());
    arr.pullInto(buffer);
    int n = (int) arr.getSize();
    double[] out = new double[n];
    DType dtype = arr.getDtype();
    for (int i = 0; i < n; i++) {
      if (dtype == DType.FLOAT32) out[i] = buffer.getFloat(4 * i);
      else if (dtype == DType.INT32) out[i] = buffer.getInt(4 * i);
      else if (dtype == DType.UINT32) out[i] = buffer.getInt(4 * i) & 0xffffffffL;
      else if (dtype == DType.INT16) out[i] = buffer.getShort(2 * i);
      else if (dtype == DType.UINT16) out[i] = buffer.getShort(2 * i) & 0xffff;
      else if (dtype == DType.INT8) out[i] = buffer.get(i);
      else out[i] = buffer.get(i) & 0xff;
    }
    return out;
  }

  /**
   * The values as numpy's repr prints them, named CleArray and with the shape:
   * {@code CleArray([[0, 1, 2],\n          [3, 4, 5]], dtype=uint8, shape=[2, 3])}. Over 1000 pixels
   * each axis shows its first and last 3 entries around "..." (numpy's summary). Floats: the
   * shortest digits that read back as the float32, decimal points aligned; "nan", "inf".
   * A closed array prints as {@code CleArray(closed)}.
   */
  @Override
  public String toString() {
    CleArray arr = (CleArray) this;
    if (arr.isClosed()) return "CleArray(closed)";
    return ArrayFormat.repr(arr.shape(), arr.getDtypeName(), arr.getDtype() == DType.FLOAT32, toDoubleArray());
  }

  // ---- reductions ----

  /** The smallest pixel (the minimumOfAllPixels op). */
  public final double min() { return Cle.minimumOfAllPixels(self()); }
  /** The largest pixel (the maximumOfAllPixels op). */
  public final double max() { return Cle.maximumOfAllPixels(self()); }
  /** The sum of the pixels (the sumOfAllPixels op). */
  public final double sum() { return Cle.sumOfAllPixels(self()); }
  /** The mean of the pixels (the meanOfAllPixels op). */
  public final double mean() { return Cle.meanOfAllPixels(self()); }

  /**
   * The pixels converted to dtype on the device (the copy op: saturated, float to integer rounded
   * toward zero, NaN to 0); a copy when dtype is this array's.
   * @param dtype the new array's dtype.
   * @return a new array (close it when done).
   */
  public final CleArray astype(DType dtype) {
    if (dtype == null) throw new CleInvalidArgumentException("astype: dtype must not be null");
    try (CleArray out = CleRuntime.createLike(self(), dtype)) {
      return Cle.copy(self(), out);
    }
  }

  // ---- slices ----

  /**
   * The pixels an index in numpy's syntax selects, as a new array: {@code a.slice("1:3, ::2")},
   * {@code a.slice("-1")} (the last plane), {@code a.slice("..., 0")}, {@code a.slice("::-1")}.
   * Each comma-separated item is an integer (negative counts from the end; the axis is dropped),
   * a slice {@code start:stop:step} (any part may be left out; negative steps too; out-of-range
   * bounds are clipped, as numpy does), or one {@code ...} for the axes not named. A selection
   * of single integers on every axis gives a 1-pixel array of shape [1]. A copy, never a view
   * (Python's Array does the same): writing into it leaves this array as it was.
   * @param index the index, as between numpy's brackets.
   * @return a new array (close it when done).
   * @throws CleInvalidArgumentException naming the index for a malformed index, an integer out of
   *     bounds, too many indices, a zero step, or an empty selection.
   */
  public final CleArray slice(String index) {
    CleArray arr = self();
    Selection sel = Selection.parse("slice", index, arr.shape());
    for (long n : sel.shape)
      if (n == 0)
        throw new CleInvalidArgumentException("slice: the index '" + index + "' selects no pixel (result shape "
            + Arrays.toString(sel.shape) + "); cesperanto arrays have at least one pixel");
    long[] shape = sel.shape.length == 0 ? new long[] {1} : sel.shape;
    long[] strides = sel.shape.length == 0 ? new long[] {0} : sel.strides;
    CleArray out = Cle.create(arr.getDtype(), shape);
    try {
      stridedCopy(arr, out, shape, sel.offset, strides, 0, contiguousStrides(shape));
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  /**
   * Write value into the pixels the index selects ({@link #slice(String)}'s syntax), broadcast as
   * numpy assigns ({@code a[1:3, ::2] = b}): value's trailing axes match the selection's or have
   * size 1, leading axes of size 1 are dropped. A value of another dtype is converted first (the
   * copy op's rule); value may be this array (it is copied first).
   * @param index the index, as between numpy's brackets.
   * @param value the pixels to write.
   * @throws CleInvalidArgumentException for a bad index (as slice) or a value whose shape does
   *     not broadcast to the selection's.
   */
  public final void setSlice(String index, CleArray value) {
    CleArray arr = self();
    if (value == null) throw new CleInvalidArgumentException("setSlice: value must not be null");
    if (value.isClosed()) throw new CleInvalidArgumentException("setSlice: value is closed");
    Selection sel = Selection.parse("setSlice", index, arr.shape());
    long[] vshape = value.shape();
    int lead = 0;
    while (vshape.length - lead > sel.shape.length && vshape[lead] == 1) lead++;
    long[] vstrides = contiguousStrides(vshape);
    if (vshape.length - lead > sel.shape.length) throw broadcastError(vshape, sel.shape);
    long[] src = new long[sel.shape.length];
    for (int i = 0; i < sel.shape.length; i++) {
      int v = i - (sel.shape.length - (vshape.length - lead));
      if (v < 0) continue; // a missing leading axis: stride 0
      long n = vshape[lead + v];
      if (n != sel.shape[i] && n != 1) throw broadcastError(vshape, sel.shape);
      src[i] = n == 1 ? 0 : vstrides[lead + v];
    }
    for (long n : sel.shape)
      if (n == 0) return; // numpy writes nothing
    boolean same = CleArray.getCPtr(value) == CleArray.getCPtr(arr);
    CleArray source = value.getDtype() != arr.getDtype() ? value.astype(arr.getDtype()) : same ? Cle.copy(value) : null;
    try {
      write(arr, sel, source != null ? source : value, src);
    } finally {
      if (source != null) source.close();
    }
  }

  /**
   * Write one value into the pixels the index selects ({@code a[1:3, ::2] = 0}); the value is
   * converted to this array's dtype as {@code fill} does.
   * @param index the index, as between numpy's brackets.
   * @param value the value to write.
   */
  public final void setSlice(String index, double value) {
    CleArray arr = self();
    Selection sel = Selection.parse("setSlice", index, arr.shape());
    for (long n : sel.shape)
      if (n == 0) return;
    try (CleArray one = Cle.create(arr.getDtype(), 1)) {
      one.fill(value);
      write(arr, sel, one, new long[sel.shape.length]);
    }
  }

  private static void write(CleArray arr, Selection sel, CleArray src, long[] srcStrides) {
    long[] shape = sel.shape.length == 0 ? new long[] {1} : sel.shape;
    long[] dstStrides = sel.shape.length == 0 ? new long[] {0} : sel.strides;
    long[] from = sel.shape.length == 0 ? new long[] {0} : srcStrides;
    stridedCopy(src, arr, shape, 0, from, sel.offset, dstStrides);
  }

  private static CleInvalidArgumentException broadcastError(long[] value, long[] target) {
    return new CleInvalidArgumentException("setSlice: could not broadcast value of shape " + Arrays.toString(value)
        + " into the selection of shape " + Arrays.toString(target));
  }

  static long[] contiguousStrides(long[] shape) {
    long[] strides = new long[shape.length];
    long step = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = step;
      step *= shape[i];
    }
    return strides;
  }

  private static final String STRIDED_COPY =
      "__kernel void cle_strided_copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int src_offset, int src_s0,\n"
          + "                               int src_s1, int src_s2, int dst_offset, int dst_s0, int dst_s1, int dst_s2)\n"
          + "{\n"
          + "  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);\n"
          + "  dst[dst_offset + z * dst_s0 + y * dst_s1 + x * dst_s2] = "
          + "src[src_offset + z * src_s0 + y * src_s1 + x * src_s2];\n"
          + "}\n";

  /** dst[dstOffset + i . dstStrides] = src[srcOffset + i . srcStrides] for every index i of shape
   *  (strides in pixels, any sign, 0 broadcasts); src and dst of one dtype (the kernel Python's
   *  Array runs). */
  private static void stridedCopy(CleArray src, CleArray dst, long[] shape, long srcOffset, long[] srcStrides,
                                  long dstOffset, long[] dstStrides) {
    if (src.getSize() > Integer.MAX_VALUE || dst.getSize() > Integer.MAX_VALUE)
      throw new CleUnsupportedException("slice: arrays of 2^31 or more pixels cannot be indexed on the device");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("src", src);
    params.put("dst", dst);
    params.put("src_offset", (int) srcOffset);
    params.put("dst_offset", (int) dstOffset);
    long[] range = new long[3];
    int pad = 3 - shape.length;
    for (int i = 0; i < 3; i++) {
      range[i] = i < pad ? 1 : shape[i - pad];
      params.put("src_s" + i, i < pad ? 0 : (int) srcStrides[i - pad]);
      params.put("dst_s" + i, i < pad ? 0 : (int) dstStrides[i - pad]);
    }
    CleRuntime.execute(STRIDED_COPY, "cle_strided_copy", params, range);
  }

  /** What a numpy basic index selects: an offset, the kept axes' sizes and strides (in pixels). */
  static final class Selection {
    long offset;
    long[] shape;
    long[] strides;

    static Selection parse(String who, String index, long[] shape) {
      if (index == null) throw new CleInvalidArgumentException(who + ": index must not be null");
      String[] items = index.trim().isEmpty() ? new String[0] : index.split(",", -1);
      int ellipsis = -1, named = 0;
      for (int i = 0; i < items.length; i++) {
        items[i] = items[i].trim();
        if (items[i].equals("...")) {
          if (ellipsis >= 0)
            throw new CleInvalidArgumentException(who + ": an index can only have a single ellipsis ('...'), got '"
                + index + "'");
          ellipsis = i;
        } else {
          named++;
        }
      }
      if (named > shape.length)
        throw new CleInvalidArgumentException(who + ": too many indices for array: array is " + shape.length
            + "-dimensional, but " + named + " were indexed ('" + index + "')");
      List<String> full = new ArrayList<>();
      for (int i = 0; i < items.length; i++) {
        if (i == ellipsis) {
          for (int k = 0; k < shape.length - named; k++) full.add(":");
        } else {
          full.add(items[i]);
        }
      }
      while (full.size() < shape.length) full.add(":");
      long[] strides = contiguousStrides(shape);
      Selection sel = new Selection();
      List<long[]> kept = new ArrayList<>();
      for (int axis = 0; axis < shape.length; axis++) {
        String item = full.get(axis);
        long n = shape[axis];
        if (item.isEmpty())
          throw new CleInvalidArgumentException(who + ": empty item at axis " + axis + " in index '" + index + "'");
        if (!item.contains(":")) {
          long i = number(who, item, index);
          if (i < -n || i >= n)
            throw new CleInvalidArgumentException(who + ": index " + i + " is out of bounds for axis " + axis
                + " with size " + n + " (index '" + index + "')");
          sel.offset += (i < 0 ? i + n : i) * strides[axis];
          continue;
        }
        String[] parts = item.split(":", -1);
        if (parts.length > 3)
          throw new CleInvalidArgumentException(who + ": cannot read '" + item + "' in index '" + index
              + "' as start:stop:step");
        long step = parts.length == 3 && !parts[2].trim().isEmpty() ? number(who, parts[2].trim(), index) : 1;
        if (step == 0) throw new CleInvalidArgumentException(who + ": slice step cannot be zero ('" + index + "')");
        Long start = parts[0].trim().isEmpty() ? null : number(who, parts[0].trim(), index);
        Long stop = parts[1].trim().isEmpty() ? null : number(who, parts[1].trim(), index);
        // Python's slice.indices(n)
        long lo = step < 0 ? -1 : 0, hi = step < 0 ? n - 1 : n;
        long s = start == null ? (step < 0 ? hi : lo) : clip(start < 0 ? start + n : start, lo, hi);
        long e = stop == null ? (step < 0 ? lo : hi) : clip(stop < 0 ? stop + n : stop, lo, hi);
        long count = step > 0 ? (e > s ? (e - s + step - 1) / step : 0) : (s > e ? (s - e - step - 1) / -step : 0);
        if (count > 0) sel.offset += s * strides[axis];
        kept.add(new long[] {count, step * strides[axis]});
      }
      sel.shape = new long[kept.size()];
      sel.strides = new long[kept.size()];
      for (int i = 0; i < kept.size(); i++) {
        sel.shape[i] = kept.get(i)[0];
        sel.strides[i] = kept.get(i)[1];
      }
      return sel;
    }

    private static long clip(long v, long lo, long hi) {
      return Math.max(lo, Math.min(hi, v));
    }

    private static long number(String who, String text, String index) {
      try {
        return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
      } catch (NumberFormatException e) {
        throw new CleInvalidArgumentException(who + ": cannot read '" + text + "' in index '" + index
            + "' as an integer");
      }
    }
  }
}
