// The C messages (op, parameter, value) arrive as the matching exception classes.
using System;
using NUnit.Framework;

namespace Cesperanto.Tests {
  [TestFixture]
  public class ErrorTests {
    [TestFixtureTearDown]
    public void NoLeaks() {
      Leaks.AssertLive(0);
    }

    [Test]
    public void Hierarchy() {
      Assert.IsTrue(typeof(ArgumentException).IsAssignableFrom(typeof(CleInvalidArgumentException)));
      Assert.IsTrue(typeof(OutOfMemoryException).IsAssignableFrom(typeof(CleOutOfMemoryException)));
      Assert.IsTrue(typeof(InvalidOperationException).IsAssignableFrom(typeof(CleIOException)));
      Assert.IsTrue(typeof(CleException).IsAssignableFrom(typeof(CleBuildException)));
      Assert.IsTrue(typeof(ICleError).IsAssignableFrom(typeof(CleInvalidArgumentException)));
    }

    [Test]
    public void NegativeSigma() {
      using (CleArray src = Cle.Create(DType.Float32, 4, 4)) {
        var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.GaussianBlur(src, sigmaX: -1f));
        Assert.IsInstanceOf<ArgumentException>(e);
        Assert.AreEqual(1, ((ICleError)e).Code);
        StringAssert.Contains("gaussian_blur", e.Message);
        StringAssert.Contains("sigma_x", e.Message);
        StringAssert.Contains("-1", e.Message);
      }
    }

    [Test]
    public void NullImage() {
      var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.GaussianBlur(null, sigmaX: 1f));
      Assert.AreEqual("gaussian_blur: input_image must not be NULL", e.Message);
    }

    [Test]
    public void WrongDtype() {
      using (CleArray src = Cle.Create(DType.UInt8, 4, 4))
      using (CleArray dst = Cle.Create(DType.UInt8, 4, 4)) {
        var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.GaussianBlur(src, dst, 1f, 1f));
        StringAssert.Contains("gaussian_blur", e.Message);
        StringAssert.Contains("output_image", e.Message);
        StringAssert.Contains("uint8", e.Message);
      }
    }

    [Test]
    public void BadChoiceAndMissingFile() {
      using (CleArray src = Cle.Create(DType.UInt8, 3, 3)) {
        src.Fill(1);
        var e = Assert.Throws<CleInvalidArgumentException>(() => Cle.ConnectedComponentLabeling(src, connectivity: "star"));
        StringAssert.Contains("connected_component_labeling: connectivity", e.Message);
      }
      Assert.Throws<CleIOException>(() => Cle.Imread("/nonexistent/file.tif"));
    }

    [Test]
    public void ErrorDoesNotLeakIntoTheNextCall() {
      Assert.Throws<CleInvalidArgumentException>(() => Cle.GaussianBlur(null));
      using (CleArray src = Cle.Push(new float[] { 1, 1, 1, 1 }, 2, 2))
      using (CleArray blurred = Cle.GaussianBlur(src, sigmaX: 1f, sigmaY: 1f)) {
        foreach (float v in Cle.Pull<float>(blurred)) Assert.AreEqual(1f, v, 1e-6f);
      }
    }
  }
}
