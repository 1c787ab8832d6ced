// Arrays from C#: round trips per dtype and rank, disposal, dst, devices, user kernels, leaks.
using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace Cesperanto.Tests {
  static class Leaks {
    public static void AssertLive(long expected) {
      for (int attempt = 0; attempt < 50 && Cle.LiveArrayCount() != expected; attempt++) {
        GC.Collect();
        GC.WaitForPendingFinalizers();
      }
      Assert.AreEqual(expected, Cle.LiveArrayCount(), "live arrays after garbage collection");
    }
  }

  [TestFixture]
  public class ArrayTests {
    [TestFixtureTearDown]
    public void NoLeaks() {
      Leaks.AssertLive(0);
    }

    static void RoundTrip<T>(T[] data, params long[] shape) where T : struct {
      using (CleArray a = Cle.Push(data, shape)) {
        Assert.AreEqual(shape, a.Shape);
        Assert.AreEqual(Cle.DTypeOf<T>(), a.GetDtype());
        Assert.AreEqual((ulong)data.Length, a.GetSize());
        Assert.AreEqual(data, Cle.Pull<T>(a));
      }
    }

    [Test]
    public void RoundTripsForEveryDtypeAndRank() {
      RoundTrip(new sbyte[] { -128, -1, 0, 1, 127, 5 }, 2, 3);
      RoundTrip(new byte[] { 0, 1, 128, 255 }, 4);
      RoundTrip(new short[] { short.MinValue, -1, 0, short.MaxValue }, 1, 2, 2);
      RoundTrip(new ushort[] { 0, 1, 40000, ushort.MaxValue, 7, 8 }, 3, 2);
      RoundTrip(new int[] { int.MinValue, -1, 0, int.MaxValue }, 2, 2);
      RoundTrip(new uint[] { 0, 1, 4000000000, uint.MaxValue }, 4);
      var rng = new Random(1);
      var f = new float[3 * 5 * 7];
      for (int i = 0; i < f.Length; i++) f[i] = (float)rng.NextDouble();
      RoundTrip(f, 3, 5, 7);
    }

    [Test]
    public void BadInputs() {
      Assert.Throws<CleInvalidArgumentException>(() => Cle.Push(new double[4], 4));
      Assert.Throws<CleInvalidArgumentException>(() => Cle.Push(new float[5], 2, 3));
      Assert.Throws<CleInvalidArgumentException>(() => Cle.Push(new float[4], 0, 4));
      Assert.Throws<CleInvalidArgumentException>(() => Cle.Create(DType.UInt8, 1, 2, 3, 4));
      Assert.Throws<CleInvalidArgumentException>(() => Cle.Push<float>(null, 4));
      using (CleArray f = Cle.Create(DType.Float32, 4)) {
        var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.Pull<int>(f));
        StringAssert.Contains("float32", e.Message);
      }
    }

    [Test]
    public void CreateFillAndToString() {
      using (CleArray a = Cle.Create(DType.UInt16, 3, 4))
      using (CleArray like = Cle.CreateLike(a, DType.Float32)) {
        a.Fill(9);
        foreach (ushort v in Cle.Pull<ushort>(a)) Assert.AreEqual(9, v);
        Assert.AreEqual(new long[] { 3, 4 }, like.Shape);
        Assert.AreEqual(DType.Float32, like.GetDtype());
        StringAssert.Contains("[3, 4]", a.ToString());
        StringAssert.Contains("uint16", a.ToString());
      }
    }

    [Test]
    public void DisposedArraysFailCleanly() {
      CleArray a = Cle.Push(new float[] { 1, 2, 3 }, 3);
      a.Dispose();
      a.Dispose();
      Assert.AreEqual("CleArray(disposed)", a.ToString());
      var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.GaussianBlur(a, sigmaX: 1f));
      StringAssert.Contains("gaussian_blur", e.Message);
      StringAssert.Contains("input_image", e.Message);
    }

    [Test]
    public void GivenDstIsReturnedAsAnotherReference() {
      using (CleArray a = Cle.Push(new float[] { 1, 2, 3, 4 }, 2, 2)) {
        CleArray dst = Cle.Create(DType.Float32, 2, 2);
        long before = Cle.LiveArrayCount();
        CleArray result = Cle.AddImagesWeighted(a, a, dst, 1f, 2f);
        Assert.AreEqual(before, Cle.LiveArrayCount(), "dst and the result are one array");
        Assert.AreEqual(new float[] { 3, 6, 9, 12 }, Cle.Pull<float>(dst));
        dst.Dispose();
        Assert.AreEqual(new float[] { 3, 6, 9, 12 }, Cle.Pull<float>(result), "result keeps the memory alive");
        result.Dispose();
        Assert.AreEqual(before - 1, Cle.LiveArrayCount());
      }
    }

    [Test]
    public void UndisposedArraysAreReleasedByTheGarbageCollector() {
      long before = Cle.LiveArrayCount();
      MakeGarbage();
      Assert.Greater(Cle.LiveArrayCount(), before);
      Leaks.AssertLive(before);
    }

    static void MakeGarbage() {
      for (int i = 0; i < 20; i++) Cle.Push(new float[16], 4, 4);
    }

    [Test]
    public void Devices() {
      IList<string> names = Cle.ListDevices();
      Assert.IsNotEmpty((System.Collections.ICollection)names);
      CleDevice dev = Cle.SelectDevice(names[0]);
      Assert.AreEqual(names[0], dev.GetName());
      Assert.Greater(dev.GetGlobalMemory(), 0);
      Assert.Throws<CleInvalidArgumentException>(() => Cle.SelectDevice("no such device anywhere 1234"));
    }

    const string Kernel =
        "__kernel void add_scaled(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, float factor, int offset) {\n" +
        "  const int x = get_global_id(0);\n" +
        "  const float v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, 0, 0, 0)).x;\n" +
        "  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, 0, 0, 0), CONVERT_dst_PIXEL_TYPE(v * factor + offset));\n" +
        "}\n";

    [Test]
    public void ExecuteAUserKernel() {
      using (CleArray src = Cle.Push(new float[] { 0, 1, 2, 3 }, 4))
      using (CleArray dst = Cle.Create(DType.Float32, 4)) {
        var p = new Dictionary<string, object> { { "src", src }, { "dst", dst }, { "factor", 2f }, { "offset", 1 } };
        Cle.Execute(Kernel, "add_scaled", p);
        Assert.AreEqual(new float[] { 1, 3, 5, 7 }, Cle.Pull<float>(dst));
        p["offset"] = "one";
        Assert.Throws<CleInvalidArgumentException>(() => Cle.Execute(Kernel, "add_scaled", p));
        var broken = new Dictionary<string, object> { { "dst", dst } };
        Assert.Throws<CleBuildException>(() => Cle.Execute("__kernel void broken(IMAGE_dst_TYPE dst) { syntax error }", "broken", broken));
      }
    }
  }
}
