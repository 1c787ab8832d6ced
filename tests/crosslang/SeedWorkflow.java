import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import net.cesperanto.Cle;
import net.cesperanto.CleArray;

/** The seed workflow in Java; must match seed_workflow.c bit for bit. Usage: SeedWorkflow DATA_DIR OUT_FILE */
public final class SeedWorkflow {
  private SeedWorkflow() {}

  static String line(String name, CleArray arr) throws NoSuchAlgorithmException {
    ByteBuffer pixels = ByteBuffer.allocateDirect((int) arr.getNbytes()).order(ByteOrder.nativeOrder());
    Cle.pull(arr, pixels);
    byte[] bytes = new byte[pixels.capacity()];
    pixels.get(bytes);
    StringBuilder hex = new StringBuilder();
    for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) hex.append(String.format("%02x", b & 0xff));
    StringBuilder shape = new StringBuilder();
    for (long s : arr.shape()) shape.append(shape.length() > 0 ? "," : "").append(s);
    return name + " " + arr.getDtypeName() + " " + shape + " " + hex + "\n";
  }

  public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
    if (args.length != 2) throw new IllegalArgumentException("usage: SeedWorkflow DATA_DIR OUT_FILE");
    StringBuilder out = new StringBuilder();
    try (CleArray blobs = Cle.imread(Paths.get(args[0], "blobs.tif").toString());
         CleArray head = Cle.imread(Paths.get(args[0], "mini-t1-head.tif").toString());
         CleArray blurred = Cle.gaussianBlur(blobs, null, 2f, 2f);
         CleArray binary = Cle.thresholdOtsu(blurred);
         CleArray labels = Cle.connectedComponentLabeling(binary);
         CleArray dog = Cle.differenceOfGaussian(blobs, null, 1f, 1f, 0f, 3f, 3f, 0f);
         CleArray headBlurred = Cle.gaussianBlur(head, null, 1f, 1f, 1f);
         CleArray headBinary = Cle.thresholdOtsu(headBlurred);
         CleArray headLabels = Cle.connectedComponentLabeling(headBinary, null, "diamond");
         CleArray headMip = Cle.maximumZProjection(head);
         CleArray headDog = Cle.differenceOfGaussian(head, null, 1f, 1f, 1f, 2f, 2f, 2f);
         CleArray tissue = Cle.artificialTissue(null, 45, 37, 11, 7f, 6f, 4f, 2.5f, 2f, 1.5f, 42)) {
      out.append(line("blobs", blobs)).append(line("blobs_blurred", blurred)).append(line("blobs_binary", binary))
          .append(line("blobs_labels", labels)).append(line("blobs_dog", dog)).append(line("head", head))
          .append(line("head_blurred", headBlurred)).append(line("head_binary", headBinary))
          .append(line("head_labels", headLabels)).append(line("head_mip", headMip)).append(line("head_dog", headDog))
          .append(line("tissue", tissue));
      // The operator pipeline, with CleArray's fluent methods (generated from the spec's operator table).
      try (CleArray half = blurred.multiply(0.5f);
           CleArray opScaled = half.add(-20f);
           CleArray opMask = opScaled.greater(10f);
           CleArray opTotal = blurred.add(opScaled);
           CleArray plusOne = blurred.add(1f);
           CleArray opInverse = plusOne.rdivide(1000f)) {
        out.append(line("op_scaled", opScaled)).append(line("op_mask", opMask)).append(line("op_total", opTotal))
            .append(line("op_inverse", opInverse));
      }
    }
    Files.write(Paths.get(args[1]), out.toString().getBytes(StandardCharsets.US_ASCII));
    if (Cle.liveArrayCount() != 0) {
      System.err.println("SeedWorkflow: " + Cle.liveArrayCount() + " arrays leaked");
      System.exit(1);
    }
  }
}
