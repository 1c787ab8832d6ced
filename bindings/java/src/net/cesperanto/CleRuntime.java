package net.cesperanto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Devices, arrays and kernel execution: the hand-written part of {@link Cle}
 * (which adds the generated ops). Call these through Cle: {@code Cle.push(...)}.
 *
 * <p>Shapes are numpy-ordered: {z, y, x} for 3D, {y, x} for 2D, {x} for 1D;
 * pixel data is x fastest. Java has no unsigned types: uint8/16/32 pixels
 * travel in byte/short/int arrays holding the same bits.
 */
public class CleRuntime {
  protected CleRuntime() {}

  // ---- devices ----

  /** The device types selectDevice and listDevices take (pyclesperanto's). */
  public static final List<String> DEVICE_TYPES =
      Collections.unmodifiableList(java.util.Arrays.asList("all", "gpu", "cpu", "accelerator", "other"));

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("net.cesperanto");
  private static volatile CleDevice current;

  /** Names of the OpenCL devices, in index order. */
  public static List<String> listDevices() {
    return listDevices("all");
  }

  /** Names of the OpenCL devices of a type ("all", "gpu", "cpu", "accelerator", "other"), in index order
   *  (pyclesperanto's list_available_devices); an unknown type lists all, with a logged warning. */
  public static List<String> listDevices(String deviceType) {
    List<String> names = new ArrayList<>();
    for (CleDevice dev : devicesOfType("listDevices", deviceType)) names.add(dev.getName());
    return Collections.unmodifiableList(names);
  }

  private static List<CleDevice> devicesOfType(String who, String deviceType) {
    if (deviceType == null)
      throw new CleInvalidArgumentException(who + ": deviceType must be one of " + DEVICE_TYPES + ", got null");
    String kind = deviceType.toLowerCase(java.util.Locale.ROOT);
    if (!DEVICE_TYPES.contains(kind)) {
      LOG.warning(who + ": deviceType '" + deviceType + "' is none of " + DEVICE_TYPES + "; choosing among all devices");
      kind = "all";
    }
    List<CleDevice> out = new ArrayList<>();
    int n = CleNative.device_count();
    for (int i = 0; i < n; i++) {
      CleDevice dev = CleNative.device_get(i);
      if (kind.equals("all") || kind.equals(dev.getType())) out.add(dev);
    }
    return out;
  }

  private static boolean same(CleDevice a, CleDevice b) {
    return a != null && b != null && CleDevice.getCPtr(a) == CleDevice.getCPtr(b);
  }

  /** Make the first device whose name, vendor or platform contains the text (any case) the default;
   *  returns it. As {@code selectDevice(nameSubstring, "all")}. */
  public static CleDevice selectDevice(String nameSubstring) {
    return selectDevice(nameSubstring, "all");
  }

  /**
   * Select a device by a substring of its name, vendor or platform (any case) among the devices
   * of a type, and make it the default of push, create, imread and the ops without inputs
   * (pyclesperanto's {@code select_device(device_id, device_type)}). As pyclesperanto 0.25.1:
   * "" selects the default device (of the type); a text matching no device selects the default
   * device; a type without devices chooses among all. Each fallback logs a warning
   * (java.util.logging, logger "net.cesperanto").
   * @param nameSubstring text to look for ("" for the default).
   * @param deviceType "all", "gpu", "cpu", "accelerator" or "other".
   * @return the selected device.
   */
  public static CleDevice selectDevice(String nameSubstring, String deviceType) {
    if (nameSubstring == null) throw new CleInvalidArgumentException("selectDevice: nameSubstring must not be null");
    List<CleDevice> candidates = candidates(deviceType);
    CleDevice fallback = fallback(candidates);
    if (nameSubstring.isEmpty()) return select(fallback);
    String wanted = nameSubstring.toLowerCase(java.util.Locale.ROOT);
    for (CleDevice dev : candidates)
      for (String text : new String[] {dev.getName(), dev.getVendor(), dev.getPlatform()})
        if (text.toLowerCase(java.util.Locale.ROOT).contains(wanted)) return select(dev);
    LOG.warning("selectDevice: no " + ("all".equalsIgnoreCase(deviceType) ? "" : deviceType + " ") + "device matches '"
        + nameSubstring + "'; selected '" + fallback.getName() + "'");
    return select(fallback);
  }

  /** Select the device of an index among all devices (as {@code selectDevice(index, "all")}). */
  public static CleDevice selectDevice(int index) {
    return selectDevice(index, "all");
  }

  /**
   * Select the device of an index among the devices of a type (pyclesperanto's
   * {@code select_device(int, device_type)}); an index past the last device selects the default
   * device of the type, a type without devices chooses among all (each with a logged warning).
   * @param index 0 or more.
   * @param deviceType "all", "gpu", "cpu", "accelerator" or "other".
   * @return the selected device.
   * @throws CleInvalidArgumentException for a negative index.
   */
  public static CleDevice selectDevice(int index, String deviceType) {
    if (index < 0) throw new CleInvalidArgumentException("selectDevice: index must be >= 0, got " + index);
    List<CleDevice> candidates = candidates(deviceType);
    CleDevice fallback = fallback(candidates);
    if (index >= candidates.size()) {
      LOG.warning("selectDevice: no device " + index + " among " + candidates.size() + " " + deviceType
          + " device(s); selected '" + fallback.getName() + "'");
      return select(fallback);
    }
    return select(candidates.get(index));
  }

  private static List<CleDevice> candidates(String deviceType) {
    List<CleDevice> candidates = devicesOfType("selectDevice", deviceType);
    if (candidates.isEmpty()) {
      LOG.warning("selectDevice: no " + deviceType + " device; choosing among all devices");
      candidates = devicesOfType("selectDevice", "all");
    }
    if (candidates.isEmpty())
      throw new CleDeviceException("selectDevice: no OpenCL device found; check the system's OpenCL installation");
    return candidates;
  }

  private static CleDevice fallback(List<CleDevice> candidates) {
    CleDevice def = current != null ? current : CleNative.device_default();
    for (CleDevice dev : candidates)
      if (same(dev, def)) return dev;
    return candidates.get(0);
  }

  /** Make dev the default: of this binding's push/create (current), and of the C library's
   *  ops without inputs where its name picks this very device. */
  private static CleDevice select(CleDevice dev) {
    current = dev;
    if (same(CleNative.device_find(dev.getName()), dev)) CleNative.device_select(dev.getName());
    return dev;
  }

  /** The device push, create, imread and the ops without inputs use: the selected one, else the default. */
  public static CleDevice getDevice() {
    return current != null ? current : CleNative.device_default();
  }

  /** The selected device, or null for the library's default (what the natives take for "default"). */
  protected static CleDevice currentDevice() {
    return current;
  }

  // ---- arrays ----

  /** An uninitialised array on the selected device. */
  public static CleArray create(DType dtype, long... shape) {
    checkShape("create", shape);
    return CleNative.create_shape(current, dtype, shape.length, size(shape, 0), size(shape, 1), size(shape, 2));
  }

  /** An uninitialised array with the shape, dtype and device of like. */
  public static CleArray createLike(CleArray like) {
    return CleNative.create_like(like);
  }

  /** An uninitialised array with the shape and device of like and another dtype. */
  public static CleArray createLike(CleArray like, DType dtype) {
    return CleNative.create_like_dtype(like, dtype);
  }

  /** Push pixels from a direct ByteBuffer (native byte order, x fastest) to the selected device. */
  public static CleArray push(ByteBuffer data, DType dtype, long... shape) {
    checkShape("push", shape);
    if (data == null || !data.isDirect())
      throw new CleInvalidArgumentException("push: data must be a direct ByteBuffer");
    return CleNative.push_bytes(current, data, dtype, shape.length, size(shape, 0), size(shape, 1), size(shape, 2));
  }

  /** Push float32 pixels. */
  public static CleArray push(float[] data, long... shape) {
    ByteBuffer buffer = direct("push", data == null ? -1 : 4L * data.length);
    buffer.asFloatBuffer().put(data);
    return push(buffer, DType.FLOAT32, shape);
  }

  /** Push int8 or uint8 pixels (uint8: the bytes' bits, 0..255). */
  public static CleArray push(byte[] data, DType dtype, long... shape) {
    checkDtype("push", dtype, 1);
    ByteBuffer buffer = direct("push", data == null ? -1 : data.length);
    buffer.put(data);
    return push(buffer, dtype, shape);
  }

  /** Push int16 or uint16 pixels. */
  public static CleArray push(short[] data, DType dtype, long... shape) {
    checkDtype("push", dtype, 2);
    ByteBuffer buffer = direct("push", data == null ? -1 : 2L * data.length);
    buffer.asShortBuffer().put(data);
    return push(buffer, dtype, shape);
  }

  /** Push int32 or uint32 pixels. */
  public static CleArray push(int[] data, DType dtype, long... shape) {
    checkDtype("push", dtype, 4);
    ByteBuffer buffer = direct("push", data == null ? -1 : 4L * data.length);
    buffer.asIntBuffer().put(data);
    return push(buffer, dtype, shape);
  }

  /** Pull all pixels into a direct ByteBuffer of at least arr.getNbytes() bytes (native order). */
  public static void pull(CleArray arr, ByteBuffer out) {
    if (arr == null) throw new CleInvalidArgumentException("pull: array must not be null");
    if (out == null || !out.isDirect()) throw new CleInvalidArgumentException("pull: out must be a direct ByteBuffer");
    arr.pullInto(out);
  }

  /** Pull a float32 array. */
  public static float[] pullFloats(CleArray arr) {
    ByteBuffer buffer = pullBuffer("pullFloats", arr, 4, DType.FLOAT32);
    float[] out = new float[(int) arr.getSize()];
    buffer.asFloatBuffer().get(out);
    return out;
  }

  /** A float32 vector result as the list of numbers pyclesperanto gives (bounding_box, ...); closes it. */
  protected static double[] pullList(CleArray arr) {
    try (CleArray vector = arr) {
      float[] values = pullFloats(vector);
      double[] out = new double[values.length];
      for (int i = 0; i < values.length; i++) out[i] = values[i];
      return out;
    }
  }

  /** A table result (statistics_of_labelled_pixels, ...) as column name to one value per row,
   *  in column order; frees the table. */
  protected static java.util.Map<String, double[]> pullTable(CleTable table) {
    try {
      java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
      int rows = table.rowCount();
      for (int c = 0; c < table.columnCount(); c++) {
        double[] column = new double[rows];
        for (int r = 0; r < rows; r++) column[r] = table.value(c, r);
        out.put(table.columnName(c), column);
      }
      return out;
    } finally {
      table.delete();
    }
  }

  /** Several outputs (hessianEigenvalues, ...) as an array in the op's order (pyclesperanto's list);
   *  frees the list (each array is a new reference: close it when done). */
  protected static CleArray[] arrays(CleArrayList list) {
    try {
      CleArray[] out = new CleArray[list.count()];
      for (int i = 0; i < out.length; i++) out[i] = list.get(i);
      return out;
    } finally {
      list.delete();
    }
  }

  /** Pull an int8 or uint8 array. */
  public static byte[] pullBytes(CleArray arr) {
    ByteBuffer buffer = pullBuffer("pullBytes", arr, 1, null);
    byte[] out = new byte[(int) arr.getSize()];
    buffer.get(out);
    return out;
  }

  /** Pull an int16 or uint16 array. */
  public static short[] pullShorts(CleArray arr) {
    ByteBuffer buffer = pullBuffer("pullShorts", arr, 2, null);
    short[] out = new short[(int) arr.getSize()];
    buffer.asShortBuffer().get(out);
    return out;
  }

  /** Pull an int32 or uint32 array. */
  public static int[] pullInts(CleArray arr) {
    ByteBuffer buffer = pullBuffer("pullInts", arr, 4, null);
    if (arr.getDtype() == DType.FLOAT32)
      throw new CleInvalidArgumentException("pullInts: array dtype must be int32 or uint32, got float32");
    int[] out = new int[(int) arr.getSize()];
    buffer.asIntBuffer().get(out);
    return out;
  }

  /** Arrays alive in this process, over every language; 0 once all are closed or collected. */
  public static long liveArrayCount() {
    return CleNative.live_array_count();
  }

  /** The library's version, "MAJOR.MINOR.PATCH". */
  public static String version() {
    return CleNative.version();
  }

  // ---- files ----

  /** Read a TIFF file (a page or a stack) into a new array on the selected device. */
  public static CleArray imread(String path) {
    return CleNative.image_read(current, path);
  }

  /** Write .tif/.tiff (data) or .png (a picture; labels coloured when uint32). */
  public static void imwrite(CleArray arr, String path) {
    CleNative.image_write(arr, path, PngMode.PNG_AUTO);
  }

  // ---- kernels ----

  /**
   * Run an OpenCL kernel in the clij dialect. params maps each kernel
   * parameter name to a CleArray, an Integer (or Short/Byte/Boolean) or a
   * Float (or Double). globalRange is numpy-ordered like a shape; empty means
   * the shape of the parameter "dst", or of the first array given.
   */
  public static void execute(String source, String kernelName, Map<String, ?> params, long... globalRange) {
    if (params == null) throw new CleInvalidArgumentException("execute: params must not be null");
    try (KernelParams list = new KernelParams()) {
      CleArray anchor = null;
      for (Map.Entry<String, ?> e : params.entrySet()) {
        Object v = e.getValue();
        if (v instanceof CleArray) {
          list.addArray(e.getKey(), (CleArray) v);
          if (anchor == null || e.getKey().equals("dst")) anchor = (CleArray) v;
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          list.addInt(e.getKey(), ((Number) v).intValue());
        } else if (v instanceof Boolean) {
          list.addInt(e.getKey(), ((Boolean) v) ? 1 : 0);
        } else if (v instanceof Float || v instanceof Double) {
          list.addFloat(e.getKey(), ((Number) v).floatValue());
        } else {
          throw new CleInvalidArgumentException("execute: parameter " + e.getKey()
              + " must be a CleArray, an Integer or a Float, got " + (v == null ? "null" : v.getClass().getSimpleName()));
        }
      }
      long[] range = globalRange;
      if (range == null || range.length == 0) {
        if (anchor == null)
          throw new CleInvalidArgumentException("execute: globalRange is needed when no array parameter is given");
        range = anchor.shape();
      }
      checkShape("execute", range);
      CleNative.execute_params(null, source, kernelName, list, range.length, size(range, 0), size(range, 1), size(range, 2));
    }
  }

  // ---- the op registry ----

  /** Every operation, in name order: name, categories, inputs, params with types and defaults. */
  public static List<OperationDesc> operations() {
    int n = CleNative.op_count();
    List<OperationDesc> ops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) ops.add(CleNative.op_info(i));
    return Collections.unmodifiableList(ops);
  }

  /** One operation by name; CleInvalidArgumentException if there is none. */
  public static OperationDesc operation(String name) {
    return CleNative.op_find(name);
  }

  // ---- helpers ----

  private static long size(long[] shape, int i) {
    return i < shape.length ? shape[i] : 1;
  }

  private static void checkShape(String who, long[] shape) {
    if (shape == null || shape.length < 1 || shape.length > 3)
      throw new CleInvalidArgumentException(who + ": shape must have 1 to 3 sizes, got " + (shape == null ? 0 : shape.length));
    for (long s : shape)
      if (s < 1) throw new CleInvalidArgumentException(who + ": every size must be >= 1, got " + java.util.Arrays.toString(shape));
  }

  private static void checkDtype(String who, DType dtype, long elementSize) {
    if (dtype == null) throw new CleInvalidArgumentException(who + ": dtype must not be null");
    if (CleNative.dtype_size(dtype) != elementSize)
      throw new CleInvalidArgumentException(who + ": dtype " + CleNative.dtype_name(dtype)
          + " does not match " + elementSize + "-byte elements");
  }

  private static ByteBuffer direct(String who, long bytes) {
    if (bytes < 0) throw new CleInvalidArgumentException(who + ": data must not be null");
    if (bytes > Integer.MAX_VALUE) throw new CleInvalidArgumentException(who + ": data larger than 2 GB; use a ByteBuffer per slice");
    return ByteBuffer.allocateDirect((int) Math.max(bytes, 1)).order(ByteOrder.nativeOrder());
  }

  private static ByteBuffer pullBuffer(String who, CleArray arr, int elementSize, DType required) {
    if (arr == null) throw new CleInvalidArgumentException(who + ": array must not be null");
    DType dtype = arr.getDtype();
    if ((required != null && dtype != required) || CleNative.dtype_size(dtype) != elementSize)
      throw new CleInvalidArgumentException(who + ": array dtype " + arr.getDtypeName() + " does not fit this call");
    ByteBuffer buffer = direct(who, arr.getNbytes());
    arr.pullInto(buffer);
    return buffer;
  }
}
