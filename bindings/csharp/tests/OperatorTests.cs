// CleArray's operators (generated from the spec's operator table), Equal/NotEqual, reductions,
// ToString, CleArray.Of, slicing and device selection, against naive C# references.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace Cesperanto.Tests {
  [TestFixture]
  public class OperatorTests {
    [TestFixtureTearDown]
    public void NoLeaks() {
      Leaks.AssertLive(0);
    }

    static readonly float[] A = { 1.5f, -2f, 0f, 4f, 7.25f, -0.5f };
    static readonly float[] B = { 3f, 2f, -1f, 4f, 0.5f, 8f };

    static CleArray Push(float[] v) {
      return Cle.Push(v, 2, 3);
    }

    static float[] Map(float[] a, Func<float, float> f) {
      return a.Select(f).ToArray();
    }

    static float[] Zip(float[] a, float[] b, Func<float, float, float> f) {
      return a.Zip(b, f).ToArray();
    }

    static void AssertPixels(float[] want, CleArray got, string what) {
      using (got) {
        Assert.AreEqual(new long[] { 2, 3 }, got.Shape, what);
        float[] have = Cle.Pull<float>(got);
        for (int i = 0; i < want.Length; i++) Assert.AreEqual(want[i], have[i], 1e-6 * Math.Max(1, Math.Abs(want[i])), what + " at " + i);
      }
    }

    static void AssertMask(float[] want, CleArray got, string what) {
      using (got) {
        Assert.AreEqual(DType.UInt8, got.GetDtype(), what);
        Assert.AreEqual(want.Select(v => (byte)v).ToArray(), Cle.Pull<byte>(got), what);
      }
    }

    [Test]
    public void ArithmeticOperatorsRunTheTaggedOps() {
      using (CleArray a = Push(A))
      using (CleArray b = Push(B)) {
        AssertPixels(Zip(A, B, (x, y) => x + y), a + b, "a + b");
        AssertPixels(Map(A, x => x + 2.5f), a + 2.5f, "a + s");
        AssertPixels(Map(A, x => 2.5f + x), 2.5f + a, "s + a");
        AssertPixels(Map(A, x => x + 0.5f), a + 0.5, "a + double");
        AssertPixels(Map(A, x => x + 3f), a + 3, "a + int");
        AssertPixels(Zip(A, B, (x, y) => x - y), a - b, "a - b");
        AssertPixels(Map(A, x => x - 2.5f), a - 2.5f, "a - s");
        AssertPixels(Map(A, x => 2.5f - x), 2.5f - a, "s - a");
        AssertPixels(Zip(A, B, (x, y) => x * y), a * b, "a * b");
        AssertPixels(Map(A, x => x * 3f), a * 3f, "a * s");
        AssertPixels(Map(A, x => 3f * x), 3f * a, "s * a");
        AssertPixels(Map(A, x => 3f * x), 3.0 * a, "double * a");
        AssertPixels(Zip(A, B, (x, y) => x / y), a / b, "a / b");
        AssertPixels(Map(A, x => x / 4f), a / 4f, "a / s");
        AssertPixels(Map(A, x => 1000f / (x + 1f)), 1000f / (a + 1f), "s / (a + 1)");
        AssertPixels(Zip(A, B, (x, y) => x % y), a % b, "a % b (fmod)");
        AssertPixels(Map(A, x => -x), -a, "-a");
        AssertPixels(A, +a, "+a");
      }
    }

    [Test]
    public void ComparisonsGiveUInt8Masks() {
      using (CleArray a = Push(A))
      using (CleArray b = Push(B)) {
        Func<bool, float> f = v => v ? 1 : 0;
        AssertMask(Zip(A, B, (x, y) => f(x > y)), a > b, "a > b");
        AssertMask(Zip(A, B, (x, y) => f(x < y)), a < b, "a < b");
        AssertMask(Zip(A, B, (x, y) => f(x >= y)), a >= b, "a >= b");
        AssertMask(Zip(A, B, (x, y) => f(x <= y)), a <= b, "a <= b");
        AssertMask(Map(A, x => f(x > 1f)), a > 1f, "a > s");
        AssertMask(Map(A, x => f(x < 1f)), a < 1f, "a < s");
        AssertMask(Map(A, x => f(x >= 4f)), a >= 4f, "a >= s");
        AssertMask(Map(A, x => f(x <= 0f)), a <= 0f, "a <= s");
        AssertMask(Map(A, x => f(1f > x)), 1f > a, "s > a (mirrored)");
        AssertMask(Map(A, x => f(1f < x)), 1f < a, "s < a (mirrored)");
        AssertMask(Map(A, x => f(4f >= x)), 4f >= a, "s >= a");
        AssertMask(Map(A, x => f(0f <= x)), 0f <= a, "s <= a");
        AssertMask(Zip(A, B, (x, y) => f(x == y)), a.Equal(b), "a.Equal(b)");
        AssertMask(Map(A, x => f(x == 4f)), a.Equal(4f), "a.Equal(s)");
        AssertMask(Zip(A, B, (x, y) => f(x != y)), a.NotEqual(b), "a.NotEqual(b)");
        AssertMask(Map(A, x => f(x != 0f)), a.NotEqual(0.0), "a.NotEqual(double)");
      }
    }

    [Test]
    public void LogicalOperatorsTreatNonzeroAsTrue() {
      var p = new float[] { 0, 1, 2, 0, 5, 0 };
      var q = new float[] { 0, 0, 3, 1, 1, 0 };
      Func<float, bool> t = v => v != 0;
      Func<bool, float> f = v => v ? 1 : 0;
      using (CleArray a = Push(p))
      using (CleArray b = Push(q)) {
        AssertMask(Zip(p, q, (x, y) => f(t(x) && t(y))), a & b, "a & b");
        AssertMask(Zip(p, q, (x, y) => f(t(x) || t(y))), a | b, "a | b");
        AssertMask(Zip(p, q, (x, y) => f(t(x) ^ t(y))), a ^ b, "a ^ b");
        AssertMask(Map(p, x => f(!t(x))), !a, "!a");
      }
    }

    [Test]
    public void EqualityOperatorsStayReferenceEquality() {
      using (CleArray a = Push(A))
      using (CleArray b = Push(A)) {
        Assert.IsFalse(a == b, "== compares references, not pixels");
        Assert.IsTrue(a != b);
        CleArray same = a;
        Assert.IsTrue(same == a);
        Assert.IsNull(typeof(CleArray).GetMethod("op_Equality"), "no == overload");
        Assert.AreEqual(6.0, a.Equal(b).Sum());
      }
    }

    // C#'s operator method names for numpy's ufuncs (the generator's table, written out independently).
    static readonly Dictionary<string, string> Names = new Dictionary<string, string> {
      { "add", "op_Addition" }, { "subtract", "op_Subtraction" }, { "multiply", "op_Multiply" },
      { "divide", "op_Division" }, { "fmod", "op_Modulus" }, { "less", "op_LessThan" }, { "greater", "op_GreaterThan" },
      { "less_equal", "op_LessThanOrEqual" }, { "greater_equal", "op_GreaterThanOrEqual" },
      { "logical_and", "op_BitwiseAnd" }, { "logical_or", "op_BitwiseOr" }, { "logical_xor", "op_ExclusiveOr" },
      { "negative", "op_UnaryNegation" }, { "positive", "op_UnaryPlus" }, { "logical_not", "op_LogicalNot" },
      { "equal", "Equal" }, { "not_equal", "NotEqual" } };

    [Test]
    public void EveryTaggedOperatorOfTheSpecHasItsOverload() {
      int checkedEntries = 0;
      foreach (var op in MiniJson.Ops().Cast<Dictionary<string, object>>()) {
        foreach (var entry in ((List<object>)op["operators"]).Cast<Dictionary<string, object>>()) {
          string method;
          if (!Names.TryGetValue((string)entry["ufunc"], out method)) continue;
          var types = ((List<object>)entry["args"]).Cast<Dictionary<string, object>>()
                          .Select(a => (string)a["kind"] == "input" ? typeof(CleArray) : typeof(float)).ToList();
          if (method == "Equal" || method == "NotEqual") types.RemoveAt(0); // the receiver
          MethodInfo m = typeof(CleArray).GetMethod(method, types.ToArray());
          Assert.IsNotNull(m, op["name"] + ": \"" + entry["text"] + "\" has no CleArray." + method + "(" +
                              string.Join(", ", types.Select(t => t.Name)) + ")");
          checkedEntries++;
        }
      }
      Assert.Greater(checkedEntries, 20);
    }

    [Test]
    public void OperatorsReportTheOpOnBadOperands() {
      using (CleArray a = Push(A))
      using (CleArray other = Cle.Push(new float[4], 4)) {
        var e = Assert.Throws<CleInvalidArgumentException>(() => (a + other).Dispose());
        StringAssert.Contains("add_images", e.Message);
        StringAssert.Contains("input_image1", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => (a - (CleArray)null).Dispose());
        StringAssert.Contains("subtract_images", e.Message);
      }
      CleArray gone = Push(B);
      gone.Dispose();
      using (CleArray a = Push(A)) {
        var e = Assert.Throws<CleInvalidArgumentException>(() => (a * gone).Dispose());
        StringAssert.Contains("multiply_images", e.Message);
        StringAssert.Contains("input_image1", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => (1f / gone).Dispose());
        StringAssert.Contains("divide_scalar_by_image", e.Message);
      }
    }

    [Test]
    public void ReductionsMatchNaiveLoops() {
      var rng = new Random(7);
      var data = new float[4 * 5 * 6];
      for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 200 - 100);
      using (CleArray a = Cle.Push(data, 4, 5, 6)) {
        Assert.AreEqual(data.Min(), a.Min());
        Assert.AreEqual(data.Max(), a.Max());
        Assert.AreEqual(data.Select(v => (double)v).Sum(), a.Sum(), 1e-2);
        Assert.AreEqual(data.Select(v => (double)v).Average(), a.Mean(), 1e-4);
      }
      using (CleArray u = CleArray.Of(new ushort[] { 3, 65535, 7 })) {
        Assert.AreEqual(3.0, u.Min());
        Assert.AreEqual(65535.0, u.Max());
        Assert.AreEqual(65545.0, u.Sum());
      }
    }

    [Test]
    public void ToStringShowsValuesLikeNumpysRepr() {
      using (CleArray a = CleArray.Of(new float[,] { { 1, 2.5f, -3 }, { 0.1f, float.NaN, float.NegativeInfinity } }))
        Assert.AreEqual("CleArray([[  1.,  2.5,  -3.],\n          [ 0.1,  nan, -inf]], shape=[2, 3], dtype=float32)",
                        a.ToString());
      using (CleArray b = CleArray.Of(new byte[] { 0, 255, 7 }))
        Assert.AreEqual("CleArray([  0, 255,   7], shape=[3], dtype=uint8)", b.ToString());
      var big = new int[2000];
      for (int i = 0; i < big.Length; i++) big[i] = i;
      using (CleArray c = CleArray.Of(big))
        Assert.AreEqual("CleArray([   0,    1,    2, ..., 1997, 1998, 1999], shape=[2000], dtype=int32)", c.ToString());
      using (CleArray d = Cle.Create(DType.UInt16, 20, 30, 40)) {
        d.Fill(3);
        string text = d.ToString();
        StringAssert.StartsWith("CleArray([[[3, 3, 3, ..., 3, 3, 3],", text);
        StringAssert.EndsWith("]]], shape=[20, 30, 40], dtype=uint16)", text);
        Assert.Less(text.Length, 3000, "summarised");
      }
    }

    [Test]
    public void OfInfersTheDtypeForEveryRank() {
      using (CleArray a = CleArray.Of(new float[] { 1, 2, 3 })) {
        Assert.AreEqual(new long[] { 3 }, a.Shape);
        Assert.AreEqual(new float[] { 1, 2, 3 }, Cle.Pull<float>(a));
      }
      using (CleArray a = CleArray.Of(new int[,] { { 1, 2, 3 }, { 4, 5, 6 } })) {
        Assert.AreEqual(new long[] { 2, 3 }, a.Shape);
        Assert.AreEqual(DType.Int32, a.GetDtype());
        Assert.AreEqual(new int[] { 1, 2, 3, 4, 5, 6 }, Cle.Pull<int>(a));
      }
      var cube = new ushort[2, 3, 4];
      for (int z = 0; z < 2; z++)
        for (int y = 0; y < 3; y++)
          for (int x = 0; x < 4; x++) cube[z, y, x] = (ushort)(100 * z + 10 * y + x);
      using (CleArray a = CleArray.Of(cube)) {
        Assert.AreEqual(new long[] { 2, 3, 4 }, a.Shape);
        Assert.AreEqual(DType.UInt16, a.GetDtype());
        Assert.AreEqual(123.0, a.GetItem(1, 2, 3));
        Assert.AreEqual(cube.Cast<ushort>().ToArray(), Cle.Pull<ushort>(a));
      }
      using (CleArray a = CleArray.Of(new sbyte[] { -1 })) Assert.AreEqual(DType.Int8, a.GetDtype());
      using (CleArray a = CleArray.Of(new byte[,] { { 1 } })) Assert.AreEqual(DType.UInt8, a.GetDtype());
      using (CleArray a = CleArray.Of(new short[] { -1 })) Assert.AreEqual(DType.Int16, a.GetDtype());
      using (CleArray a = CleArray.Of(new uint[] { 4000000000 })) Assert.AreEqual(DType.UInt32, a.GetDtype());
    }

    [Test]
    public void OfConvertsToAGivenDtype() {
      using (CleArray a = CleArray.Of(new double[,] { { 1.7, -2.5 }, { 300, 0 } }, DType.Int16)) {
        Assert.AreEqual(DType.Int16, a.GetDtype());
        Assert.AreEqual(new short[] { 1, -2, 300, 0 }, Cle.Pull<short>(a));
      }
      using (CleArray a = CleArray.Of(new bool[] { true, false }, DType.UInt8))
        Assert.AreEqual(new byte[] { 1, 0 }, Cle.Pull<byte>(a));
      using (CleArray a = CleArray.Of(new int[] { 1, 2 }, DType.Float32))
        Assert.AreEqual(new float[] { 1, 2 }, Cle.Pull<float>(a));
    }

    [Test]
    public void OfRefusesWhatItCannotHold() {
      var e = Assert.Throws<CleInvalidArgumentException>(() => CleArray.Of(new double[] { 1 }));
      StringAssert.Contains("Double", e.Message);
      e = Assert.Throws<CleInvalidArgumentException>(() => CleArray.Of(new double[] { 1, 300 }, DType.UInt8));
      StringAssert.Contains("300", e.Message);
      StringAssert.Contains("uint8", e.Message);
      e = Assert.Throws<CleInvalidArgumentException>(() => CleArray.Of(new float[0, 3]));
      StringAssert.Contains("[0, 3]", e.Message);
      e = Assert.Throws<CleInvalidArgumentException>(() => CleArray.Of(new float[1, 1, 1, 1], DType.Float32));
      StringAssert.Contains("rank 4", e.Message);
      Assert.Throws<CleInvalidArgumentException>(() => CleArray.Of((float[])null));
      e = Assert.Throws<CleInvalidArgumentException>(() => CleArray.Of(new string[] { "1" }, DType.Float32));
      StringAssert.Contains("String", e.Message);
    }

    // A 3 x 4 x 5 array whose pixel (z, y, x) is 100 z + 10 y + x: a slice's pixels name their position.
    static CleArray Positions() {
      var data = new float[3 * 4 * 5];
      for (int i = 0; i < data.Length; i++) data[i] = 100 * (i / 20) + 10 * (i / 5 % 4) + i % 5;
      return Cle.Push(data, 3, 4, 5);
    }

    static void AssertSlice(CleArray got, long[] shape, float[] want, string what) {
      using (got) {
        Assert.AreEqual(shape, got.Shape, what);
        Assert.AreEqual(want, Cle.Pull<float>(got), what);
      }
    }

    [Test]
    public void SlicesReadLikeNumpy() {
      using (CleArray a = Positions()) {
        AssertSlice(a[new Slice(1, 3)], new long[] { 2, 4, 5 }, Enumerable.Range(20, 40).Select(i => 100f * (i / 20) + 10 * (i / 5 % 4) + i % 5).ToArray(), "a[1:3]");
        AssertSlice(a[1, 2], new long[] { 5 }, new float[] { 120, 121, 122, 123, 124 }, "a[1, 2]");
        AssertSlice(a[-1, Slice.All, 0], new long[] { 4 }, new float[] { 200, 210, 220, 230 }, "a[-1, :, 0]");
        AssertSlice(a[Slice.Ellipsis, new Slice(null, null, -2)], new long[] { 3, 4, 3 },
                    Enumerable.Range(0, 12).SelectMany(r => new[] { 4f, 2f, 0f }.Select(x => 100f * (r / 4) + 10 * (r % 4) + x)).ToArray(),
                    "a[..., ::-2]");
        AssertSlice(a["0, 1:3, ::2"], new long[] { 2, 3 }, new float[] { 10, 12, 14, 20, 22, 24 }, "a[\"0, 1:3, ::2\"]");
        AssertSlice(a["2, -1, -1"], new long[] { 1 }, new float[] { 234 }, "ints only: shape [1]");
        AssertSlice(a["0, 1:100, 3:"], new long[] { 3, 2 }, new float[] { 13, 14, 23, 24, 33, 34 }, "stop clipped");
        AssertSlice(a[Slice.Index(1), new Slice(-2, null), new Slice(4, 0, -3)], new long[] { 2, 2 },
                    new float[] { 124, 121, 134, 131 }, "a[1, -2:, 4:0:-3]");
        Assert.AreEqual(234.0, a.GetItem(-1, -1, -1));
      }
    }

    [Test]
    public void SlicesWriteLikeNumpy() {
      using (CleArray a = Positions()) {
        using (CleArray v = CleArray.Of(new float[] { -1, -2 })) a[0, 0, new Slice(0, 4, 3)] = v;
        Assert.AreEqual(-1.0, a.GetItem(0, 0, 0));
        Assert.AreEqual(1.0, a.GetItem(0, 0, 1));
        Assert.AreEqual(-2.0, a.GetItem(0, 0, 3));
        using (CleArray row = CleArray.Of(new int[] { 7, 8, 9, 10, 11 })) a["1, 1:3"] = row; // broadcast, converted
        AssertSlice(a["1, 0:4, :"], new long[] { 4, 5 },
                    new float[] { 100, 101, 102, 103, 104, 7, 8, 9, 10, 11, 7, 8, 9, 10, 11, 130, 131, 132, 133, 134 }, "row broadcast");
        a.Fill(5, "2, :, ::4");
        Assert.AreEqual(5.0, a.GetItem(2, 3, 4));
        Assert.AreEqual(5.0, a.GetItem(2, 0, 0));
        Assert.AreEqual(201.0, a.GetItem(2, 0, 1));
        a[0] = a[1]; // another array of the same values
        AssertSlice(a[0, 1], new long[] { 5 }, new float[] { 7, 8, 9, 10, 11 }, "a[0] = a[1]");
        a[Slice.All, Slice.All, new Slice(null, null, -1)] = a; // reads itself: copied first
        Assert.AreEqual(11.0, a.GetItem(0, 1, 0));
        Assert.AreEqual(7.0, a.GetItem(0, 1, 4));
        a["0:0"] = a; // an empty selection writes nothing
      }
    }

    [Test]
    public void BadIndicesNameTheItemAndAxis() {
      using (CleArray a = Positions()) {
        var e = Assert.Throws<CleInvalidArgumentException>(() => a[3].Dispose());
        StringAssert.Contains("index 3 is out of bounds for axis 0 with size 3", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => a["0, -5"].Dispose());
        StringAssert.Contains("index -5 is out of bounds for axis 1 with size 4", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => a[0, 0, 0, 0].Dispose());
        StringAssert.Contains("too many indices", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => a["..., 0, ..."].Dispose());
        StringAssert.Contains("single ellipsis", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => a["1:1"].Dispose());
        StringAssert.Contains("empty", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => a["0, x"].Dispose());
        StringAssert.Contains("\"x\"", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => a["::0"].Dispose());
        StringAssert.Contains("step", e.Message);
        Assert.Throws<CleInvalidArgumentException>(() => new Slice(0, 1, 0));
        using (CleArray v = CleArray.Of(new float[] { 1, 2, 3 })) {
          e = Assert.Throws<CleInvalidArgumentException>(() => a["0, 0"] = v);
          StringAssert.Contains("[3] into the selection's shape [5]", e.Message);
        }
        e = Assert.Throws<CleInvalidArgumentException>(() => a[0] = null);
        StringAssert.Contains("value", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => a.GetItem(0, 0));
        StringAssert.Contains("needs 3 indices", e.Message);
      }
    }

    [Test]
    public void DevicesBySubstringIndexAndType() {
      IList<string> all = Cle.ListDevices();
      IList<string> cpus = Cle.ListDevices("cpu");
      IList<string> gpus = Cle.ListDevices("GPU");
      Assert.AreEqual(all.Count, Cle.ListDevices("all").Count);
      Assert.LessOrEqual(cpus.Count + gpus.Count, all.Count);
      try {
        Assert.AreEqual(all[0], Cle.SelectDevice(0).GetName());
        Assert.AreEqual(all[all.Count - 1], Cle.SelectDevice(all.Count - 1, "all").GetName());
        Assert.AreEqual(all[0], Cle.GetDevice().GetName());
        if (cpus.Count > 0) Assert.AreEqual(cpus[0], Cle.SelectDevice(0, "cpu").GetName());
        // a type without devices chooses among all (pyclesperanto's rule)
        string noneType = cpus.Count == 0 ? "cpu" : gpus.Count == 0 ? "gpu" : "other";
        if (Cle.ListDevices(noneType).Count == 0) Assert.AreEqual(all[0], Cle.SelectDevice(0, noneType).GetName());
        Assert.AreEqual(all[0], Cle.SelectDevice(all[0].ToUpperInvariant()).GetName());
        Assert.IsNotNull(Cle.SelectDevice(""));
        using (CleArray a = CleArray.Of(new float[] { 1 })) Assert.AreEqual(Cle.GetDevice().GetName(), a.GetDevice().GetName());
        var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.SelectDevice(all.Count));
        StringAssert.Contains("deviceId " + all.Count, e.Message);
        Assert.Throws<CleInvalidArgumentException>(() => Cle.SelectDevice(-1));
        e = Assert.Throws<CleInvalidArgumentException>(() => Cle.SelectDevice(0, "quantum"));
        StringAssert.Contains("\"quantum\"", e.Message);
        e = Assert.Throws<CleInvalidArgumentException>(() => Cle.SelectDevice("no such device 987"));
        StringAssert.Contains("no such device 987", e.Message);
      } finally {
        Cle.SelectDevice(0);
      }
    }

    [Test]
    public void FloatFormattingIsCultureIndependent() {
      var saved = System.Threading.Thread.CurrentThread.CurrentCulture;
      try {
        System.Threading.Thread.CurrentThread.CurrentCulture = new CultureInfo("de-DE");
        using (CleArray a = CleArray.Of(new float[] { 0.5f })) Assert.AreEqual("CleArray([0.5], shape=[1], dtype=float32)", a.ToString());
        using (CleArray a = Positions()) AssertSlice(a["0, 0, 1:2"], new long[] { 1 }, new float[] { 1 }, "parsed");
      } finally {
        System.Threading.Thread.CurrentThread.CurrentCulture = saved;
      }
    }
  }
}
