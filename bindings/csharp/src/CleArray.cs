// The hand-written part of CleArray (SWIG's proxy class; its operators are
// generated into Cle.cs from the spec's operator table): factories from
// managed arrays, reductions, numpy-like printing and slicing. Slices are
// copies on the device (as pyclesperanto's and the Python Array's), never views.
using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Cesperanto {

  public partial class CleArray {

    // ---- factories ----

    /// <summary>A 1D array of the values (dtype from the element type: sbyte int8, byte uint8, short int16,
    /// ushort uint16, int int32, uint uint32, float float32) on the selected device.</summary>
    public static CleArray Of<T>(T[] data) where T : struct {
      return OfArray(data, null);
    }

    /// <summary>A 2D array {rows, columns} of the values (dtype from the element type).</summary>
    public static CleArray Of<T>(T[,] data) where T : struct {
      return OfArray(data, null);
    }

    /// <summary>A 3D array {planes, rows, columns} of the values (dtype from the element type).</summary>
    public static CleArray Of<T>(T[,,] data) where T : struct {
      return OfArray(data, null);
    }

    /// <summary>
    /// An array of rank 1 to 3 (T[], T[,] or T[,,] of any number or bool type) converted to dtype:
    /// to an integer dtype, values are rounded toward zero (numpy's astype) and must fit it
    /// (else CleInvalidArgumentException naming the value and its position).
    /// </summary>
    public static CleArray Of(Array data, DType dtype) {
      return OfArray(data, dtype);
    }

    static CleArray OfArray(Array data, DType? dtype) {
      if (data == null) throw new CleInvalidArgumentException("CleArray.Of: data must not be null");
      if (data.Rank > 3)
        throw new CleInvalidArgumentException("CleArray.Of: data has rank " + data.Rank
                                              + "; cesperanto arrays have 1 to 3 dimensions");
      var shape = new long[data.Rank];
      for (int i = 0; i < shape.Length; i++) shape[i] = data.GetLength(i);
      foreach (long s in shape)
        if (s < 1)
          throw new CleInvalidArgumentException("CleArray.Of: data has shape [" + string.Join(", ", shape)
                                                + "]; every size must be >= 1");
      Type element = data.GetType().GetElementType();
      DType? natural = NaturalDType(element);
      if (!dtype.HasValue) {
        if (!natural.HasValue)
          throw new CleInvalidArgumentException("CleArray.Of: data of " + element.Name
                                                + " has no dtype (sbyte, byte, short, ushort, int, uint or float); "
                                                + "pass one: CleArray.Of(data, DType.Float32)");
        dtype = natural;
      }
      if (natural != dtype) data = Converted(data, dtype.Value);
      return Cle.PushPinned("CleArray.Of", data, dtype.Value, shape);
    }

    static DType? NaturalDType(Type t) {
      return Cle.DTypeOfElement(t);
    }

    /// <summary>The elements (row-major) as a flat array of the dtype's element type.</summary>
    static Array Converted(Array data, DType dtype) {
      Type t = data.GetType().GetElementType();
      if (!(t.IsPrimitive && t != typeof(char) && t != typeof(IntPtr) && t != typeof(UIntPtr)))
        throw new CleInvalidArgumentException("CleArray.Of: data of " + t.Name + " cannot be converted to "
                                              + CleNative.dtype_name(dtype) + "; give numbers or bools");
      double lo, hi;
      Type target;
      switch (dtype) {
        case DType.Int8: lo = sbyte.MinValue; hi = sbyte.MaxValue; target = typeof(sbyte); break;
        case DType.UInt8: lo = byte.MinValue; hi = byte.MaxValue; target = typeof(byte); break;
        case DType.Int16: lo = short.MinValue; hi = short.MaxValue; target = typeof(short); break;
        case DType.UInt16: lo = ushort.MinValue; hi = ushort.MaxValue; target = typeof(ushort); break;
        case DType.Int32: lo = int.MinValue; hi = int.MaxValue; target = typeof(int); break;
        case DType.UInt32: lo = uint.MinValue; hi = uint.MaxValue; target = typeof(uint); break;
        case DType.Float32: lo = double.NegativeInfinity; hi = double.PositiveInfinity; target = typeof(float); break;
        default: throw new CleInvalidArgumentException("CleArray.Of: dtype " + dtype + " is not a dtype");
      }
      var flat = Array.CreateInstance(target, data.Length);
      long k = 0;
      foreach (object value in data) {
        double v = value is bool ? ((bool)value ? 1 : 0) : Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (target == typeof(float)) {
          flat.SetValue((float)v, k++);
          continue;
        }
        double whole = Math.Truncate(v);
        if (double.IsNaN(v) || whole < lo || whole > hi)
          throw new CleInvalidArgumentException("CleArray.Of: value " + v.ToString("R", CultureInfo.InvariantCulture)
                                                + " at element " + k + " does not fit dtype " + CleNative.dtype_name(dtype));
        flat.SetValue(Convert.ChangeType(whole, target, CultureInfo.InvariantCulture), k++);
      }
      return flat;
    }

    // ---- reductions ----

    /// <summary>The smallest pixel (Cle.MinimumOfAllPixels; NaN where a float32 pixel is NaN, as the op).</summary>
    public double Min() {
      return Cle.MinimumOfAllPixels(this);
    }

    /// <summary>The largest pixel (Cle.MaximumOfAllPixels).</summary>
    public double Max() {
      return Cle.MaximumOfAllPixels(this);
    }

    /// <summary>The sum of the pixels (Cle.SumOfAllPixels).</summary>
    public double Sum() {
      return Cle.SumOfAllPixels(this);
    }

    /// <summary>The mean of the pixels (Cle.MeanOfAllPixels).</summary>
    public double Mean() {
      return Cle.MeanOfAllPixels(this);
    }

    // ---- printing ----

    /// <summary>Summarise arrays of more elements than this (numpy's print threshold).</summary>
    public const long PrintThreshold = 1000;

    /// <summary>
    /// numpy's repr of the pixels (pulled), named CleArray, with the shape and dtype:
    /// <c>CleArray([[1., 2.], [3., 4.]], shape=[2, 2], dtype=float32)</c>, the rows one a line; arrays of
    /// more than 1000 elements show the first and last 3 along each axis around "...".
    /// </summary>
    public override string ToString() {
      if (IsDisposed) return "CleArray(disposed)";
      long[] shape = Shape;
      double[] values = Cle.PullDoubles(this);
      bool isFloat = GetDtype() == DType.Float32;
      bool summarise = values.LongLength > PrintThreshold;
      var text = new StringBuilder();
      int width = 0;
      Walk(shape, 0, 0, summarise, v => width = Math.Max(width, Format(values[v], isFloat).Length));
      const string prefix = "CleArray(";
      AppendLevel(text, values, shape, 0, 0, summarise, isFloat, width, prefix.Length);
      return prefix + text + ", shape=[" + string.Join(", ", shape) + "], dtype=" + GetDtypeName() + ")";
    }

    static long Stride(long[] shape, int axis) {
      long s = 1;
      for (int i = axis + 1; i < shape.Length; i++) s *= shape[i];
      return s;
    }

    /// <summary>Visit the shown elements (flat positions) in order.</summary>
    static void Walk(long[] shape, int axis, long offset, bool summarise, Action<long> visit) {
      long n = shape[axis], stride = Stride(shape, axis);
      for (long i = 0; i < n; i++) {
        if (summarise && n > 6 && i == 3) i = n - 3;
        if (axis == shape.Length - 1)
          visit(offset + i);
        else
          Walk(shape, axis + 1, offset + i * stride, summarise, visit);
      }
    }

    static void AppendLevel(StringBuilder text, double[] values, long[] shape, int axis, long offset, bool summarise,
                            bool isFloat, int width, int indent) {
      long n = shape[axis], stride = Stride(shape, axis);
      bool last = axis == shape.Length - 1;
      string between = last ? ", " : "," + new string('\n', shape.Length - 1 - axis) + new string(' ', indent + axis + 1);
      text.Append('[');
      for (long i = 0; i < n; i++) {
        if (i > 0) text.Append(between);
        if (summarise && n > 6 && i == 3) {
          text.Append("...").Append(between);
          i = n - 3;
        }
        if (last)
          text.Append(Format(values[offset + i], isFloat).PadLeft(width));
        else
          AppendLevel(text, values, shape, axis + 1, offset + i * stride, summarise, isFloat, width, indent);
      }
      text.Append(']');
    }

    /// <summary>numpy's spelling of one element: "1.", "0.5", "nan", "-inf" for float32, digits for integers.</summary>
    static string Format(double v, bool isFloat) {
      if (!isFloat) return v.ToString("R", CultureInfo.InvariantCulture);
      if (double.IsNaN(v)) return "nan";
      if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
      float f = (float)v;
      string s = f.ToString("R", CultureInfo.InvariantCulture);
      for (int digits = 1; digits < 9; digits++) { // the shortest text that reads back as f (numpy's)
        string t = f.ToString("G" + digits, CultureInfo.InvariantCulture);
        if (float.Parse(t, CultureInfo.InvariantCulture) == f) {
          s = t;
          break;
        }
      }
      if (s.Contains("E")) return s.Replace("E", "e");
      return s.Contains(".") ? s : s + ".";
    }

    // ---- indexing ----

    /// <summary>
    /// numpy's basic indexing, on the device: <c>a[new Slice(1, 3), Slice.All]</c> (Python's <c>a[1:3, :]</c>),
    /// <c>a[0]</c>, <c>a[Slice.Ellipsis, new Slice(null, null, 2)]</c>. Reading gives a new array (a copy;
    /// axes indexed by an int are dropped; an index of ints only gives shape [1]); writing copies the value,
    /// broadcast as numpy does (a size-1 axis stretches; the value's dtype is converted by the copy op), into
    /// the selection. An index out of bounds, too many items, two ellipses or an empty selection (on reading)
    /// throw CleInvalidArgumentException naming the item and the axis.
    /// </summary>
    public CleArray this[params Slice[] index] {
      get { return GetSlice("CleArray[" + Text(index) + "]", index); }
      set { SetSlice("CleArray[" + Text(index) + "] = value", index, value); }
    }

    /// <summary>The same with Python's spelling: <c>a["1:3, ::2"]</c>, <c>a["..., -1"]</c> (<see cref="Slice.Parse"/>).</summary>
    public CleArray this[string index] {
      get { return this[Slice.Parse(index)]; }
      set { this[Slice.Parse(index)] = value; }
    }

    /// <summary>Set every pixel of the selection to value (Python's <c>a[1:3, :] = 5</c>).</summary>
    public void Fill(double value, params Slice[] index) {
      string who = "CleArray[" + Text(index) + "].Fill";
      using (CleArray one = Cle.Create(GetDevice(), GetDtype(), 1)) {
        one.Fill(value);
        Region r = Plan(who, index);
        if (r.Count > 0) StridedCopy(one, this, r.Shape, 0, new long[r.Shape.Length], r.Offset, r.Strides);
      }
    }

    /// <summary>The same with Python's spelling of the index.</summary>
    public void Fill(double value, string index) {
      Fill(value, Slice.Parse(index));
    }

    /// <summary>One pixel as a number (numpy's item): a.GetItem(z, y, x), negative indices from the end.</summary>
    public double GetItem(params long[] index) {
      if (index == null || index.Length != Shape.Length)
        throw new CleInvalidArgumentException("CleArray.GetItem: needs " + Shape.Length + " indices, got "
                                              + (index == null ? 0 : index.Length));
      var items = new Slice[index.Length];
      for (int i = 0; i < index.Length; i++) items[i] = Slice.Index(index[i]);
      using (CleArray one = this[items]) return Cle.PullDoubles(one)[0];
    }

    static string Text(Slice[] index) {
      return index == null ? "" : string.Join(", ", Array.ConvertAll(index, s => s.ToString()));
    }

    struct Region {
      public long Offset, Count;
      public long[] Shape, Strides; // of the result (int-indexed axes dropped; shape [1] if none is left)
    }

    Region Plan(string who, Slice[] index) {
      if (IsDisposed) throw new CleInvalidArgumentException(who + ": the array is disposed");
      if (index == null) index = new Slice[0];
      long[] shape = Shape;
      if (GetSize() > int.MaxValue)
        throw new CleUnsupportedException(who + ": arrays of 2^31 or more pixels cannot be indexed on the device");
      int ellipses = 0, named = 0;
      foreach (Slice s in index) {
        if (s.IsEllipsis) ellipses++;
        else named++;
      }
      if (ellipses > 1) throw new CleInvalidArgumentException(who + ": an index can only have a single ellipsis ('...')");
      if (named > shape.Length)
        throw new CleInvalidArgumentException(who + ": too many indices for array: array is " + shape.Length
                                              + "-dimensional, but " + named + " were indexed");
      var items = new Slice[shape.Length];
      int axis = 0;
      foreach (Slice s in index) {
        if (s.IsEllipsis) {
          for (int k = 0; k < shape.Length - named; k++) items[axis++] = Slice.All;
        } else {
          items[axis++] = s;
        }
      }
      for (; axis < shape.Length; axis++) items[axis] = Slice.All;
      var r = new Region();
      var outShape = new System.Collections.Generic.List<long>();
      var outStrides = new System.Collections.Generic.List<long>();
      r.Count = 1;
      for (axis = 0; axis < shape.Length; axis++) {
        long first, by, count;
        items[axis].Resolve(shape[axis], axis, who, out first, out by, out count);
        long stride = Stride(shape, axis);
        r.Offset += first * stride;
        r.Count *= count;
        if (!items[axis].IsIndex) {
          outShape.Add(count);
          outStrides.Add(by * stride);
        }
      }
      if (outShape.Count == 0) {
        outShape.Add(1);
        outStrides.Add(0);
      }
      r.Shape = outShape.ToArray();
      r.Strides = outStrides.ToArray();
      return r;
    }

    CleArray GetSlice(string who, Slice[] index) {
      Region r = Plan(who, index);
      if (r.Count == 0)
        throw new CleInvalidArgumentException(who + ": the selection is empty (shape [" + string.Join(", ", r.Shape)
                                              + "]); cesperanto arrays have at least one element");
      CleArray result = Cle.Create(GetDevice(), GetDtype(), r.Shape);
      try {
        StridedCopy(this, result, r.Shape, r.Offset, r.Strides, 0, Contiguous(r.Shape));
      } catch {
        result.Dispose();
        throw;
      }
      return result;
    }

    void SetSlice(string who, Slice[] index, CleArray value) {
      if (value == null) throw new CleInvalidArgumentException(who + ": value must not be null");
      if (value.IsDisposed) throw new CleInvalidArgumentException(who + ": value is disposed");
      Region r = Plan(who, index);
      if (r.Count == 0) return; // numpy writes nothing
      // numpy drops the value's leading size-1 axes beyond the selection's, then broadcasts
      long[] vshape = value.Shape;
      int drop = 0;
      while (vshape.Length - drop > r.Shape.Length && vshape[drop] == 1) drop++;
      if (vshape.Length - drop > r.Shape.Length)
        throw new CleInvalidArgumentException(who + ": could not broadcast the value's shape [" + string.Join(", ", vshape)
                                              + "] into the selection's shape [" + string.Join(", ", r.Shape) + "]");
      long[] vstrides = Contiguous(vshape);
      var strides = new long[r.Shape.Length];
      for (int i = 0; i < r.Shape.Length; i++) {
        int v = vshape.Length - r.Shape.Length + i;
        if (v < drop) continue; // a missing leading axis: stride 0
        if (vshape[v] == r.Shape[i]) strides[i] = vstrides[v];
        else if (vshape[v] != 1)
          throw new CleInvalidArgumentException(who + ": could not broadcast the value's shape [" + string.Join(", ", vshape)
                                                + "] into the selection's shape [" + string.Join(", ", r.Shape) + "]");
      }
      CleArray src = value;
      bool own = false;
      try {
        if (value.GetDtype() != GetDtype()) {
          src = Cle.Copy(value, Cle.CreateLike(value, GetDtype())); // the copy op converts (saturating)
          own = true;
        } else if (CleArray.getCPtr(value).Handle == CleArray.getCPtr(this).Handle) {
          src = Cle.Copy(value); // reading what is being written: copy first, as numpy does
          own = true;
        }
        StridedCopy(src, this, r.Shape, 0, strides, r.Offset, r.Strides);
      } finally {
        if (own) src.Dispose();
      }
    }

    static long[] Contiguous(long[] shape) {
      var strides = new long[shape.Length];
      for (int i = 0; i < shape.Length; i++) strides[i] = Stride(shape, i);
      return strides;
    }

    const string StridedCopySource =
        "__kernel void cle_strided_copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int src_offset, int src_s0, int src_s1,\n"
        + "                               int src_s2, int dst_offset, int dst_s0, int dst_s1, int dst_s2)\n"
        + "{\n"
        + "  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);\n"
        + "  dst[dst_offset + z * dst_s0 + y * dst_s1 + x * dst_s2] = src[src_offset + z * src_s0 + y * src_s1 + x * src_s2];\n"
        + "}\n";

    /// <summary>dst[dstOffset + i . dstStrides] = src[srcOffset + i . srcStrides] for each index i of shape
    /// (strides in elements, any sign, 0 broadcasts); the Python Array's kernel.</summary>
    static void StridedCopy(CleArray src, CleArray dst, long[] shape, long srcOffset, long[] srcStrides, long dstOffset,
                            long[] dstStrides) {
      var range = new long[] { 1, 1, 1 };
      var s = new long[3];
      var d = new long[3];
      for (int i = 0; i < shape.Length; i++) {
        int k = 3 - shape.Length + i;
        range[k] = shape[i];
        s[k] = srcStrides[i];
        d[k] = dstStrides[i];
      }
      var p = new System.Collections.Generic.Dictionary<string, object> {
        { "src", src }, { "dst", dst }, { "src_offset", checked((int)srcOffset) }, { "dst_offset", checked((int)dstOffset) },
        { "src_s0", checked((int)s[0]) }, { "src_s1", checked((int)s[1]) }, { "src_s2", checked((int)s[2]) },
        { "dst_s0", checked((int)d[0]) }, { "dst_s1", checked((int)d[1]) }, { "dst_s2", checked((int)d[2]) }
      };
      Cle.Execute(StridedCopySource, "cle_strided_copy", p, range);
    }
  }
}
