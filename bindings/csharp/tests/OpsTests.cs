// Ops through C# against naive C# references, and optional parameters against explicit spec defaults.
using System;
using NUnit.Framework;

namespace Cesperanto.Tests {
  [TestFixture]
  public class OpsTests {
    [TestFixtureTearDown]
    public void NoLeaks() {
      Leaks.AssertLive(0);
    }

    [Test]
    public void MaximumZProjectionMatchesANaiveLoop() {
      int z = 3, y = 4, x = 5;
      var data = new float[z * y * x];
      var rng = new Random(4);
      for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
      var want = new float[y * x];
      for (int i = 0; i < y * x; i++) {
        want[i] = data[i];
        for (int k = 1; k < z; k++) want[i] = Math.Max(want[i], data[k * y * x + i]);
      }
      using (CleArray src = Cle.Push(data, z, y, x))
      using (CleArray max = Cle.MaximumZProjection(src)) {
        Assert.AreEqual(new long[] { y, x }, max.Shape);
        Assert.AreEqual(want, Cle.Pull<float>(max));
      }
    }

    [Test]
#pragma warning disable 618 // the deprecated alias on purpose
    public void DeprecatedAliasAndChoiceAliasGiveTheOpsResult() {
      using (CleArray binary = Cle.Push(new byte[] { 1, 0, 1, 0, 1, 0, 1, 0, 1 }, 3, 3))
      using (CleArray sphere = Cle.ConnectedComponentLabeling(binary, connectivity: "sphere"))
      using (CleArray old = Cle.ConnectedComponentsLabeling(binary, connectivity: "diamond"))
      using (CleArray box = Cle.ConnectedComponentLabeling(binary)) {
        Assert.AreEqual(Cle.Pull<uint>(sphere), Cle.Pull<uint>(old));
        Assert.AreEqual(5.0, Cle.MaximumOfAllPixels(sphere));
        Assert.AreEqual(1.0, Cle.MaximumOfAllPixels(box));
      }
    }
#pragma warning restore 618

    [Test]
    public void SeveralOutputsComeBackAsAnArrayFromTheLargestDown() {
      // squares along x: d2/dx2 = 2 inside, so the large eigenvalue is 2 and the small one 0 (y is flat)
      var data = new float[15];
      for (int i = 0; i < data.Length; i++) data[i] = (i % 5) * (i % 5);
      using (CleArray src = Cle.Push(data, 3, 5))
      using (CleArray src3 = Cle.Push(new float[27], 3, 3, 3)) {
        CleArray[] two = Cle.HessianEigenvalues(src);
        CleArray[] three = Cle.HessianGaussianEigenvalues(src3, sigma: 1.5f);
        try {
          Assert.AreEqual(2, two.Length);
          Assert.AreEqual(3, three.Length);
          float[] large = Cle.Pull<float>(two[0]), small = Cle.Pull<float>(two[1]);
          Assert.AreEqual(2f, large[1 * 5 + 2]);
          Assert.AreEqual(0f, small[1 * 5 + 2]);
          for (int i = 0; i < large.Length; i++) Assert.GreaterOrEqual(large[i], small[i]);
        } finally {
          foreach (var a in two) a.Dispose();
          foreach (var a in three) a.Dispose();
        }
        using (CleArray wrong = Cle.Push(new float[4], 2, 2)) {
          var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.HessianEigenvalues(src, smallEigenvalue: wrong));
          StringAssert.Contains("hessian_eigenvalues: small_eigenvalue has shape (2, 2), expected (3, 5)", e.Message);
        }
      }
    }

    [Test]
    public void AffineTransformTakesAFloatArray() {
      var data = new float[] { 1, 2, 3, 4, 5, 6 };
      using (CleArray src = Cle.Push(data, 2, 3))
      using (CleArray moved = Cle.AffineTransform(src, transformMatrix: new float[] { 1, 0, 1, 0, 1, 0, 0, 0, 1 }))
      using (CleArray plain = Cle.AffineTransform(src)) {
        Assert.AreEqual(new float[] { 0, 1, 2, 0, 4, 5 }, Cle.Pull<float>(moved));
        Assert.AreEqual(data, Cle.Pull<float>(plain));
        var e = Assert.Throws<CleInvalidArgumentException>(
            () => Cle.AffineTransform(src, transformMatrix: new float[] { 1, 0, 0, 0, 1, 0, 0 }));
        StringAssert.Contains("affine_transform: transform_matrix must have 9, 12 or 16 numbers, got 7", e.Message);
      }
    }

    [Test]
    public void KeepDimsKeepsAThreeDimensionalResult() {
      using (CleArray stack = Cle.Create(DType.UInt16, 4, 5, 6))
      using (CleArray kept = Cle.MaximumZProjection(stack, keepDims: true)) {
        Assert.AreEqual(new long[] { 1, 5, 6 }, kept.Shape);
      }
    }

    [Test]
    public void WeightedSumArgumentOrder() {
      using (CleArray a = Cle.Push(new float[] { 1, 2, 3 }, 3))
      using (CleArray b = Cle.Push(new float[] { 10, 10, 10 }, 3))
      using (CleArray r = Cle.AddImagesWeighted(a, b, factor1: 2f, factor2: -1f))
      using (CleArray d = Cle.SubtractImages(a, b)) {
        Assert.AreEqual(new float[] { -8, -6, -4 }, Cle.Pull<float>(r));
        Assert.AreEqual(new float[] { -9, -8, -7 }, Cle.Pull<float>(d));
      }
    }

    [Test]
    public void OmittedParametersUseTheSpecDefaults() {
      OperationDesc dog = Cle.Operation("difference_of_gaussian");
      var d = new float[6];
      for (int i = 0; i < 6; i++) d[i] = (float)dog.Param(i).DefaultNumber();
      var data = new float[12 * 13];
      var rng = new Random(2);
      for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
      using (CleArray src = Cle.Push(data, 12, 13))
      using (CleArray implicitDefaults = Cle.DifferenceOfGaussian(src))
      using (CleArray explicitDefaults = Cle.DifferenceOfGaussian(src, null, d[0], d[1], d[2], d[3], d[4], d[5])) {
        Assert.AreEqual(Cle.Pull<float>(explicitDefaults), Cle.Pull<float>(implicitDefaults));
      }
    }

    [Test]
    public void ListAndBoolResults() {
      using (CleArray image = Cle.Push(new float[] { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 }, 3, 4)) {
        Assert.AreEqual(new double[] { 1, 0, 0, 3, 2, 0 }, Cle.BoundingBox(image));
        Assert.AreEqual(new double[] { 3, 2, 0 }, Cle.MaximumPosition(image));
        Assert.IsTrue(Cle.ArrayEqual(image, image));
      }
    }

    [Test]
    public void TableResults() {
      using (CleArray labels = Cle.Push(new float[] { 0, 1, 1, 2, 0, 2 }, 2, 3))
      using (CleArray intensity = Cle.Push(new float[] { 9, 1, 3, 4, 9, 6 }, 2, 3)) {
        var table = Cle.StatisticsOfLabelledPixels(intensity, labels);
        Assert.AreEqual(36, table.Count);
        Assert.AreEqual(new double[] { 1, 2 }, table["label"]);
        Assert.AreEqual(new double[] { 2, 2 }, table["area"]);
        Assert.AreEqual(new double[] { 2, 5 }, table["mean_intensity"]);
        var self = Cle.StatisticsOfBackgroundAndLabelledPixels(null, labels);
        Assert.AreEqual(new double[] { 0, 1, 2 }, self["mean_intensity"]);
      }
    }

    [Test]
    public void ScalarAndInplaceOps() {
      using (CleArray a = Cle.Create(DType.Int32, 3, 3))
      using (CleArray same = Cle.Set(a, 5f)) {
        Assert.AreEqual(45.0, Cle.SumOfAllPixels(a));
        Assert.AreEqual(Cle.Pull<int>(a), Cle.Pull<int>(same));
      }
    }
  }
}
