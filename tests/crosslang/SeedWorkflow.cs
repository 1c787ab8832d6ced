// The seed workflow in C#; must match seed_workflow.c bit for bit. Usage: SeedWorkflow.exe DATA_DIR OUT_FILE
using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Cesperanto;

static class SeedWorkflow {
  static string Line(string name, CleArray arr) {
    byte[] bytes;
    switch (arr.GetDtype()) {
      case DType.Int8: bytes = Bytes(Cle.Pull<sbyte>(arr)); break;
      case DType.UInt8: bytes = Cle.Pull<byte>(arr); break;
      case DType.Int16: bytes = Bytes(Cle.Pull<short>(arr)); break;
      case DType.UInt16: bytes = Bytes(Cle.Pull<ushort>(arr)); break;
      case DType.Int32: bytes = Bytes(Cle.Pull<int>(arr)); break;
      case DType.UInt32: bytes = Bytes(Cle.Pull<uint>(arr)); break;
      default: bytes = Bytes(Cle.Pull<float>(arr)); break;
    }
    var hex = new StringBuilder();
    using (var sha = SHA256.Create())
      foreach (byte b in sha.ComputeHash(bytes)) hex.Append(b.ToString("x2"));
    return name + " " + arr.GetDtypeName() + " " + string.Join(",", arr.Shape) + " " + hex + "\n";
  }

  static byte[] Bytes(Array values) {
    var bytes = new byte[Buffer.ByteLength(values)];
    Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
    return bytes;
  }

  static int Main(string[] args) {
    if (args.Length != 2) {
      Console.Error.WriteLine("usage: SeedWorkflow.exe DATA_DIR OUT_FILE");
      return 2;
    }
    var out_ = new StringBuilder();
    using (CleArray blobs = Cle.Imread(Path.Combine(args[0], "blobs.tif")))
    using (CleArray head = Cle.Imread(Path.Combine(args[0], "mini-t1-head.tif")))
    using (CleArray blurred = Cle.GaussianBlur(blobs, sigmaX: 2f, sigmaY: 2f))
    using (CleArray binary = Cle.ThresholdOtsu(blurred))
    using (CleArray labels = Cle.ConnectedComponentLabeling(binary))
    using (CleArray dog = Cle.DifferenceOfGaussian(blobs, null, 1f, 1f, 0f, 3f, 3f, 0f))
    using (CleArray headBlurred = Cle.GaussianBlur(head, sigmaX: 1f, sigmaY: 1f, sigmaZ: 1f))
    using (CleArray headBinary = Cle.ThresholdOtsu(headBlurred))
    using (CleArray headLabels = Cle.ConnectedComponentLabeling(headBinary, connectivity: "diamond"))
    using (CleArray headMip = Cle.MaximumZProjection(head))
    using (CleArray headDog = Cle.DifferenceOfGaussian(head, null, 1f, 1f, 1f, 2f, 2f, 2f))
    using (CleArray tissue = Cle.ArtificialTissue(width: 45, height: 37, depth: 11, deltaX: 7f, deltaY: 6f, deltaZ: 4f,
                                                  sigmaX: 2.5f, sigmaY: 2f, sigmaZ: 1.5f, seed: 42)) {
      out_.Append(Line("blobs", blobs)).Append(Line("blobs_blurred", blurred)).Append(Line("blobs_binary", binary))
          .Append(Line("blobs_labels", labels)).Append(Line("blobs_dog", dog)).Append(Line("head", head))
          .Append(Line("head_blurred", headBlurred)).Append(Line("head_binary", headBinary))
          .Append(Line("head_labels", headLabels)).Append(Line("head_mip", headMip)).Append(Line("head_dog", headDog))
          .Append(Line("tissue", tissue));
      // The operator pipeline (CleArray's operators, generated from the spec's operator table): each line
      // runs add_image_and_scalar(multiply_image_and_scalar(...)), greater_constant, add_images and
      // divide_scalar_by_image(add_image_and_scalar(...)); the unnamed intermediates go to the GC below.
      using (CleArray opScaled = blurred * 0.5f + (-20f))
      using (CleArray opMask = opScaled > 10f)
      using (CleArray opTotal = blurred + opScaled)
      using (CleArray opInverse = 1000f / (blurred + 1f)) {
        out_.Append(Line("op_scaled", opScaled)).Append(Line("op_mask", opMask)).Append(Line("op_total", opTotal))
            .Append(Line("op_inverse", opInverse));
      }
    }
    GC.Collect(); // the operators' intermediates (blurred * 0.5f, blurred + 1f) are released by their finalizers
    GC.WaitForPendingFinalizers();
    File.WriteAllText(args[1], out_.ToString(), new ASCIIEncoding());
    if (Cle.LiveArrayCount() != 0) {
      Console.Error.WriteLine("SeedWorkflow: " + Cle.LiveArrayCount() + " arrays leaked");
      return 1;
    }
    return 0;
  }
}
