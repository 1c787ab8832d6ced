package net.cesperanto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.io.File;
import java.util.Random;
import net.cesperanto.Cle;
import net.cesperanto.CleArray;
import net.cesperanto.CleInvalidArgumentException;
import net.cesperanto.DType;
import net.cesperanto.imagej.CleImageJ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ImagePlus to CleArray and back (net.cesperanto.imagej.CleImageJ) against ImageJ's own pixel access. */
class ImageJBridgeTest {
  static long baseline;

  @BeforeAll
  static void start() throws InterruptedException {
    System.setProperty("java.awt.headless", "true");
    Leaks.assertNoLiveArrays(0);
    baseline = Cle.liveArrayCount();
  }

  @AfterAll
  static void noLeaks() throws InterruptedException {
    Leaks.assertNoLiveArrays(baseline);
  }

  /** A stack of depth planes of the given processor type, random values in ImageJ's own range. */
  static ImagePlus randomStack(int bits, int width, int height, int depth, long seed) {
    Random rng = new Random(seed);
    ImageStack stack = new ImageStack(width, height);
    for (int z = 0; z < depth; z++) {
      ImageProcessor ip = bits == 8 ? new ByteProcessor(width, height)
          : bits == 16 ? new ShortProcessor(width, height) : new FloatProcessor(width, height);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          ip.putPixelValue(x, y, bits == 8 ? rng.nextInt(256) : bits == 16 ? rng.nextInt(65536) : rng.nextGaussian() * 100);
      stack.addSlice("z" + z, ip);
    }
    return new ImagePlus(bits + "-bit", stack);
  }

  @Test
  void stacksRoundTripPerBitDepth() {
    int[][] shapes = {{7, 5, 1}, {9, 4, 3}};
    for (int bits : new int[] {8, 16, 32}) {
      for (int[] s : shapes) {
        ImagePlus imp = randomStack(bits, s[0], s[1], s[2], bits * 31L + s[2]);
        try (CleArray arr = CleImageJ.push(imp)) {
          long[] expectedShape = s[2] == 1 ? new long[] {s[1], s[0]} : new long[] {s[2], s[1], s[0]};
          assertArrayEquals(expectedShape, arr.shape(), bits + "-bit shape");
          assertEquals(bits == 8 ? DType.UINT8 : bits == 16 ? DType.UINT16 : DType.FLOAT32, arr.getDtype());
          // pixel z, y, x of the array is pixel (x, y) of slice z + 1, x fastest
          float[] values = pullAsFloats(arr);
          for (int z = 0; z < s[2]; z++)
            for (int y = 0; y < s[1]; y++)
              for (int x = 0; x < s[0]; x++)
                assertEquals(imp.getStack().getProcessor(z + 1).getPixelValue(x, y),
                    values[(z * s[1] + y) * s[0] + x], 0f, bits + "-bit pixel " + x + "," + y + "," + z);
          ImagePlus back = CleImageJ.pull(arr, "back");
          assertEquals("back", back.getTitle());
          assertEquals(bits, back.getBitDepth());
          assertEquals(s[0], back.getWidth());
          assertEquals(s[1], back.getHeight());
          assertEquals(s[2], back.getStackSize());
          for (int z = 1; z <= s[2]; z++)
            assertPixelsEqual(imp.getStack().getPixels(z), back.getStack().getPixels(z));
        }
      }
    }
  }

  static float[] pullAsFloats(CleArray arr) {
    try (CleArray f = Cle.createLike(arr, DType.FLOAT32)) {
      Cle.copy(arr, f);
      return Cle.pullFloats(f);
    }
  }

  static void assertPixelsEqual(Object expected, Object actual) {
    if (expected instanceof byte[]) assertArrayEquals((byte[]) expected, (byte[]) actual);
    else if (expected instanceof short[]) assertArrayEquals((short[]) expected, (short[]) actual);
    else assertArrayEquals((float[]) expected, (float[]) actual);
  }

  @Test
  void labelsAndSignedArraysPullAs32BitImages() {
    int[] labels = {0, 1, 2, 70000, 16777216, -1};   // -1: uint32 4294967295
    try (CleArray u32 = Cle.push(labels, DType.UINT32, 2, 3);
         CleArray i32 = Cle.push(labels, DType.INT32, 2, 3);
         CleArray i16 = Cle.push(new short[] {-3, 4, -32768, 32767}, DType.INT16, 4);
         CleArray i8 = Cle.push(new byte[] {-128, 127}, DType.INT8, 2)) {
      ImagePlus u = CleImageJ.pull(u32);
      assertEquals(32, u.getBitDepth());
      assertEquals(3, u.getWidth());
      assertEquals(2, u.getHeight());
      assertArrayEquals(new float[] {0, 1, 2, 70000, 16777216, 4294967295f}, (float[]) u.getProcessor().getPixels());
      assertArrayEquals(new float[] {0, 1, 2, 70000, 16777216, -1},
          (float[]) CleImageJ.pull(i32).getProcessor().getPixels());
      ImagePlus row = CleImageJ.pull(i16);
      assertEquals(1, row.getHeight());
      assertArrayEquals(new float[] {-3, 4, -32768, 32767}, (float[]) row.getProcessor().getPixels());
      assertArrayEquals(new float[] {-128, 127}, (float[]) CleImageJ.pull(i8).getProcessor().getPixels());
    }
  }

  @Test
  void blobsThroughTheBridgeMatchTheArrayPath() {
    // ImageJ reads the file, cesperanto segments it: same labels as Cle.imread's path
    String path = new File(System.getenv().getOrDefault("CLE_DATA_DIR", "data"), "blobs.tif").getPath();
    ImagePlus blobs = IJ.openImage(path);
    assertTrue(blobs != null, "ImageJ opens " + path);
    try (CleArray fromImageJ = CleImageJ.push(blobs);
         CleArray fromFile = Cle.imread(path);
         CleArray labels = Cle.connectedComponentLabeling(Cle.thresholdOtsu(Cle.gaussianBlur(fromImageJ, null, 2f, 2f)));
         CleArray expected = Cle.connectedComponentLabeling(Cle.thresholdOtsu(Cle.gaussianBlur(fromFile, null, 2f, 2f)))) {
      assertArrayEquals(Cle.pullBytes(fromFile), (byte[]) blobs.getProcessor().getPixels(), "the same pixels");
      ImagePlus result = CleImageJ.pull(labels, "labels");
      int[] reference = Cle.pullInts(expected);
      float[] pulled = (float[]) result.getProcessor().getPixels();
      assertEquals(reference.length, pulled.length);
      for (int i = 0; i < reference.length; i++) assertEquals(reference[i], (int) pulled[i], "label at " + i);
      assertEquals(Cle.maximumOfAllPixels(expected), result.getStatistics().max, 0.0);
    }
  }

  @Test
  void rgbAndHyperstacksAreRefusedByName() {
    ImagePlus rgb = new ImagePlus("photo", new ColorProcessor(4, 4));
    CleInvalidArgumentException e = assertThrows(CleInvalidArgumentException.class, () -> CleImageJ.push(rgb));
    assertTrue(e.getMessage().contains("'photo'") && e.getMessage().contains("RGB"), e.getMessage());
    ImagePlus hyper = randomStack(8, 4, 4, 6, 5);
    hyper.setDimensions(2, 3, 1);
    hyper.setTitle("cells");
    e = assertThrows(CleInvalidArgumentException.class, () -> CleImageJ.push(hyper));
    assertTrue(e.getMessage().contains("'cells' has 2 channels"), e.getMessage());
    assertThrows(CleInvalidArgumentException.class, () -> CleImageJ.push(null));
    assertThrows(CleInvalidArgumentException.class, () -> CleImageJ.pull(null));
  }
}
