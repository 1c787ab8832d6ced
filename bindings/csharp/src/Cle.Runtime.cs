// Devices, arrays and kernel execution: the hand-written half of the partial
// class Cle (the generated half, Cle.cs, holds the ops). Shapes are
// numpy-ordered: {z, y, x}, {y, x} or {x}; pixels are x fastest.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Cesperanto {

  public static partial class Cle {

    // ---- devices ----

    /// <summary>Names of all OpenCL devices, in index order.</summary>
    public static IList<string> ListDevices() {
      int n = CleNative.device_count();
      var names = new List<string>(n);
      for (int i = 0; i < n; i++) names.Add(CleNative.device_get(i).GetName());
      return names.AsReadOnly();
    }

    /// <summary>The device types SelectDevice and ListDevices take (pyclesperanto's).</summary>
    public static readonly IList<string> DeviceTypes = new List<string> { "all", "gpu", "cpu", "accelerator", "other" }.AsReadOnly();

    static CleDevice selected;

    /// <summary>Names of the OpenCL devices of a type ("all", "gpu", "cpu", "accelerator", "other"), in index order.</summary>
    public static IList<string> ListDevices(string deviceType) {
      var names = new List<string>();
      foreach (CleDevice d in OfType("ListDevices", deviceType)) names.Add(d.GetName());
      return names.AsReadOnly();
    }

    static List<CleDevice> OfType(string who, string deviceType) {
      if (deviceType == null || !DeviceTypes.Contains(deviceType.ToLowerInvariant()))
        throw new CleInvalidArgumentException(who + ": deviceType must be one of " + string.Join(", ", DeviceTypes) + ", got "
                                              + (deviceType == null ? "null" : "\"" + deviceType + "\""));
      string kind = deviceType.ToLowerInvariant();
      var devices = new List<CleDevice>();
      int n = CleNative.device_count();
      for (int i = 0; i < n; i++) {
        CleDevice d = CleNative.device_get(i);
        if (kind == "all" || d.GetDeviceType() == kind) devices.Add(d);
      }
      return devices;
    }

    /// <summary>
    /// Select the device by name (pyclesperanto's select_device(device_id: str, device_type)): the first device
    /// of the type whose name, vendor or platform contains the text (any case); "" the default device if it is
    /// of the type, else the type's first. A type with no device chooses among all devices (pyclesperanto's).
    /// Where pyclesperanto warns and keeps the default, C# throws CleInvalidArgumentException naming the text.
    /// Later pushes, creates, reads and ops without inputs use it; returns it.
    /// </summary>
    public static CleDevice SelectDevice(string deviceId = "", string deviceType = "all") {
      if (deviceId == null) throw new CleInvalidArgumentException("SelectDevice: deviceId must not be null");
      List<CleDevice> candidates = Candidates(deviceType);
      if (deviceId == "") return Select(DefaultAmong(candidates));
      string wanted = deviceId.ToLowerInvariant();
      foreach (CleDevice d in candidates)
        if (d.GetName().ToLowerInvariant().Contains(wanted) || d.GetVendor().ToLowerInvariant().Contains(wanted)
            || d.GetPlatform().ToLowerInvariant().Contains(wanted))
          return Select(d);
      throw new CleInvalidArgumentException("SelectDevice: no " + (deviceType.ToLowerInvariant() == "all" ? "" : deviceType + " ")
                                            + "device matches deviceId \"" + deviceId + "\" (devices: "
                                            + string.Join(", ", ListDevices()) + ")");
    }

    /// <summary>
    /// Select the device by its index among the devices of the type (pyclesperanto's select_device(device_id: int,
    /// device_type)); an index out of range throws CleInvalidArgumentException (pyclesperanto warns and keeps the
    /// default). Returns it.
    /// </summary>
    public static CleDevice SelectDevice(int deviceId, string deviceType = "all") {
      List<CleDevice> candidates = Candidates(deviceType);
      if (deviceId < 0 || deviceId >= candidates.Count)
        throw new CleInvalidArgumentException("SelectDevice: deviceId " + deviceId + " is out of range: there are "
                                              + candidates.Count + " " + deviceType + " device(s)");
      return Select(candidates[deviceId]);
    }

    static List<CleDevice> Candidates(string deviceType) {
      List<CleDevice> candidates = OfType("SelectDevice", deviceType);
      if (candidates.Count == 0) candidates = OfType("SelectDevice", "all");
      if (candidates.Count == 0) throw new CleDeviceException("SelectDevice: no OpenCL device found; check the system's OpenCL installation");
      return candidates;
    }

    static bool Same(CleDevice a, CleDevice b) {
      return CleDevice.getCPtr(a).Handle == CleDevice.getCPtr(b).Handle;
    }

    static CleDevice DefaultAmong(List<CleDevice> candidates) {
      CleDevice current = GetDevice();
      foreach (CleDevice d in candidates)
        if (Same(d, current)) return d;
      return candidates[0];
    }

    /// <summary>Make dev the C# binding's device, and the C library's where its name finds it.</summary>
    static CleDevice Select(CleDevice dev) {
      selected = dev;
      if (Same(CleNative.device_find(dev.GetName()), dev)) CleNative.device_select(dev.GetName());
      return dev;
    }

    /// <summary>The selected device (SelectDevice), else the library's default device.</summary>
    public static CleDevice GetDevice() {
      return selected ?? CleNative.device_default();
    }

    /// <summary>The device SelectDevice chose, or null (the library's default).</summary>
    internal static CleDevice SelectedDevice() {
      return selected;
    }

    // ---- arrays ----

    /// <summary>The dtype that stores elements of type t, or null for a type no dtype stores.</summary>
    internal static DType? DTypeOfElement(Type t) {
      if (t == typeof(sbyte)) return DType.Int8;
      if (t == typeof(byte)) return DType.UInt8;
      if (t == typeof(short)) return DType.Int16;
      if (t == typeof(ushort)) return DType.UInt16;
      if (t == typeof(int)) return DType.Int32;
      if (t == typeof(uint)) return DType.UInt32;
      if (t == typeof(float)) return DType.Float32;
      return null;
    }

    /// <summary>The dtype that stores elements of T (sbyte int8, byte uint8, ..., float float32).</summary>
    public static DType DTypeOf<T>() where T : struct {
      Type t = typeof(T);
      DType? dtype = DTypeOfElement(t);
      if (dtype.HasValue) return dtype.Value;
      throw new CleInvalidArgumentException("dtype: element type must be sbyte, byte, short, ushort, int, uint or float, got " + t.Name);
    }

    /// <summary>An uninitialised array on the selected device.</summary>
    public static CleArray Create(DType dtype, params long[] shape) {
      CheckShape("Create", shape);
      return CleNative.create_shape(selected, dtype, shape.Length, Size(shape, 0), Size(shape, 1), Size(shape, 2));
    }

    /// <summary>An uninitialised array on the device.</summary>
    public static CleArray Create(CleDevice device, DType dtype, params long[] shape) {
      CheckShape("Create", shape);
      return CleNative.create_shape(device, dtype, shape.Length, Size(shape, 0), Size(shape, 1), Size(shape, 2));
    }

    /// <summary>An uninitialised array with the shape, device and (unless given) dtype of like.</summary>
    public static CleArray CreateLike(CleArray like, DType? dtype = null) {
      return dtype.HasValue ? CleNative.create_like_dtype(like, dtype.Value) : CleNative.create_like(like);
    }

    /// <summary>Push pixels (x fastest) to the selected device; the dtype follows T.</summary>
    public static CleArray Push<T>(T[] data, params long[] shape) where T : struct {
      if (data == null) throw new CleInvalidArgumentException("Push: data must not be null");
      CheckShape("Push", shape);
      return PushPinned("Push", data, DTypeOf<T>(), shape);
    }

    /// <summary>Push the elements of data (any rank, row-major, of dtype's element type) to the selected device.</summary>
    internal static CleArray PushPinned(string who, Array data, DType dtype, long[] shape) {
      CheckShape(who, shape);
      ulong nbytes = (ulong)data.LongLength * CleNative.dtype_size(dtype);
      GCHandle pin = GCHandle.Alloc(data, GCHandleType.Pinned);
      try {
        return CleNative.push_bytes(selected, pin.AddrOfPinnedObject(), nbytes, dtype, shape.Length,
                                    Size(shape, 0), Size(shape, 1), Size(shape, 2));
      } finally {
        pin.Free();
      }
    }

    /// <summary>Every pixel as a double (any dtype).</summary>
    internal static double[] PullDoubles(CleArray array) {
      var result = new double[array.GetSize()];
      switch (array.GetDtype()) {
        case DType.Int8: { sbyte[] v = Pull<sbyte>(array); for (long i = 0; i < v.LongLength; i++) result[i] = v[i]; break; }
        case DType.UInt8: { byte[] v = Pull<byte>(array); for (long i = 0; i < v.LongLength; i++) result[i] = v[i]; break; }
        case DType.Int16: { short[] v = Pull<short>(array); for (long i = 0; i < v.LongLength; i++) result[i] = v[i]; break; }
        case DType.UInt16: { ushort[] v = Pull<ushort>(array); for (long i = 0; i < v.LongLength; i++) result[i] = v[i]; break; }
        case DType.Int32: { int[] v = Pull<int>(array); for (long i = 0; i < v.LongLength; i++) result[i] = v[i]; break; }
        case DType.UInt32: { uint[] v = Pull<uint>(array); for (long i = 0; i < v.LongLength; i++) result[i] = v[i]; break; }
        default: { float[] v = Pull<float>(array); for (long i = 0; i < v.LongLength; i++) result[i] = v[i]; break; }
      }
      return result;
    }

    /// <summary>Pull every pixel into a new managed array; T must match the array's dtype.</summary>
    public static T[] Pull<T>(CleArray array) where T : struct {
      if (array == null) throw new CleInvalidArgumentException("Pull: array must not be null");
      DType want = DTypeOf<T>();
      DType have = array.GetDtype();
      if (want != have)
        throw new CleInvalidArgumentException("Pull: array dtype is " + array.GetDtypeName() + ", not " + CleNative.dtype_name(want));
      var data = new T[array.GetSize()];
      GCHandle pin = GCHandle.Alloc(data, GCHandleType.Pinned);
      try {
        array.PullInto(pin.AddrOfPinnedObject(), (ulong)data.LongLength * CleNative.dtype_size(want));
      } finally {
        pin.Free();
      }
      return data;
    }

    /// <summary>A float32 vector result as the list of numbers pyclesperanto gives (BoundingBox, ...); disposes it.</summary>
    static double[] PullList(CleArray vector) {
      using (vector) {
        float[] values = Pull<float>(vector);
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
      }
    }

    /// <summary>A table result (StatisticsOfLabelledPixels, ...) as column name to one value per row,
    /// in column order; disposes the table.</summary>
    static System.Collections.Generic.Dictionary<string, double[]> PullTable(CleTable table) {
      using (table) {
        var result = new System.Collections.Generic.Dictionary<string, double[]>();
        int rows = table.RowCount();
        for (int c = 0; c < table.ColumnCount(); c++) {
          var column = new double[rows];
          for (int r = 0; r < rows; r++) column[r] = table.Value(c, r);
          result.Add(table.ColumnName(c), column);
        }
        return result;
      }
    }

    /// <summary>Several outputs (HessianEigenvalues, ...) as an array in the op's order (pyclesperanto's
    /// list); disposes the list (each array is a new reference: dispose it when done).</summary>
    static CleArray[] Arrays(CleArrayList list) {
      using (list) {
        var result = new CleArray[list.Count()];
        for (int i = 0; i < result.Length; i++) result[i] = list.Get(i);
        return result;
      }
    }

    /// <summary>Arrays alive in this process, over every language; 0 once all are disposed or collected.</summary>
    public static long LiveArrayCount() {
      return CleNative.live_array_count();
    }

    /// <summary>The library's version, "MAJOR.MINOR.PATCH".</summary>
    public static string Version() {
      return CleNative.version();
    }

    // ---- files ----

    /// <summary>Read a TIFF file (a page or a stack) into a new array on the selected device.</summary>
    public static CleArray Imread(string path) {
      return CleNative.image_read(selected, path);
    }

    /// <summary>Write .tif/.tiff (data) or .png (a picture; uint32 arrays as coloured labels).</summary>
    public static void Imwrite(CleArray array, string path) {
      CleNative.image_write(array, path, PngMode.Auto);
    }

    // ---- kernels ----

    /// <summary>
    /// Run an OpenCL kernel in the clij dialect. parameters maps each kernel parameter
    /// name to a CleArray, an int (or bool) or a float (or double). globalRange is
    /// numpy-ordered like a shape; empty means the shape of "dst", or of the first array.
    /// </summary>
    public static void Execute(string source, string kernelName, IDictionary<string, object> parameters, params long[] globalRange) {
      if (parameters == null) throw new CleInvalidArgumentException("Execute: parameters must not be null");
      using (var list = new KernelParams()) {
        CleArray anchor = null;
        foreach (KeyValuePair<string, object> p in parameters) {
          object v = p.Value;
          if (v is CleArray) {
            list.AddArray(p.Key, (CleArray)v);
            if (anchor == null || p.Key == "dst") anchor = (CleArray)v;
          } else if (v is int || v is short || v is sbyte || v is byte) {
            list.AddInt(p.Key, Convert.ToInt32(v));
          } else if (v is bool) {
            list.AddInt(p.Key, (bool)v ? 1 : 0);
          } else if (v is float || v is double) {
            list.AddFloat(p.Key, Convert.ToSingle(v));
          } else {
            throw new CleInvalidArgumentException("Execute: parameter " + p.Key + " must be a CleArray, an int or a float, got "
                                           + (v == null ? "null" : v.GetType().Name));
          }
        }
        long[] range = globalRange;
        if (range == null || range.Length == 0) {
          if (anchor == null) throw new CleInvalidArgumentException("Execute: globalRange is needed when no array parameter is given");
          range = anchor.Shape;
        }
        CheckShape("Execute", range);
        CleNative.execute_params(null, source, kernelName, list, range.Length, Size(range, 0), Size(range, 1), Size(range, 2));
      }
    }

    // ---- the op registry ----

    /// <summary>Every operation, in name order: name, categories, inputs, params with types and defaults.</summary>
    public static IList<OperationDesc> Operations() {
      int n = CleNative.op_count();
      var ops = new List<OperationDesc>(n);
      for (int i = 0; i < n; i++) ops.Add(CleNative.op_info(i));
      return ops.AsReadOnly();
    }

    /// <summary>One operation by name; CleInvalidArgumentException if there is none.</summary>
    public static OperationDesc Operation(string name) {
      return CleNative.op_find(name);
    }

    // ---- helpers ----

    static ulong Size(long[] shape, int i) {
      return i < shape.Length ? (ulong)shape[i] : 1UL;
    }

    static void CheckShape(string who, long[] shape) {
      if (shape == null || shape.Length < 1 || shape.Length > 3)
        throw new CleInvalidArgumentException(who + ": shape must have 1 to 3 sizes, got " + (shape == null ? 0 : shape.Length));
      foreach (long s in shape)
        if (s < 1) throw new CleInvalidArgumentException(who + ": every size must be >= 1, got [" + string.Join(", ", shape) + "]");
    }
  }
}
