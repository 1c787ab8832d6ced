package net.cesperanto.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.cesperanto.Cle;
import net.cesperanto.CleArray;
import net.cesperanto.CleInvalidArgumentException;
import net.cesperanto.DType;

/**
 * ImageJ's {@code ImagePlus} to and from {@link CleArray}, for Fiji scripts and
 * plugins (ImageJ 1.x's {@code ij.jar} must be on the class path: it is in Fiji;
 * nothing else in cesperanto.jar needs it).
 *
 * <p>{@link #push} sends one channel and one frame: a single image becomes a
 * {y, x} array, a stack of n slices a {z=n, y, x} array. 8-bit images become
 * uint8, 16-bit uint16 and 32-bit float32, the pixel values unchanged (an
 * 8-bit image with a lookup table sends its indices). RGB images and
 * hyperstacks with several channels or frames are refused: split them first
 * (Image &gt; Color &gt; Split Channels, Image &gt; Duplicate...).
 *
 * <p>{@link #pull} makes an ImagePlus of a 1D, 2D or 3D array: uint8 gives an
 * 8-bit image, uint16 a 16-bit one, and every other dtype (float32, the
 * int32/uint32 of label images, int8, int16) a 32-bit image holding the same
 * values (integers above 2^24 round to the nearest float, as CLIJ does).
 */
public final class CleImageJ {
  private CleImageJ() {}

  /** The pixels of imp (its one channel and frame) as a new array on the default device. */
  public static CleArray push(ImagePlus imp) {
    if (imp == null) throw new CleInvalidArgumentException("push: image must not be null");
    String what = "push: image '" + imp.getTitle() + "'";
    if (imp.getNChannels() != 1 || imp.getNFrames() != 1)
      throw new CleInvalidArgumentException(what + " has " + imp.getNChannels() + " channels and "
          + imp.getNFrames() + " frames: push one channel and frame (Image > Duplicate...)");
    DType dtype;
    int bytes;
    switch (imp.getBitDepth()) {
      case 8:
        dtype = DType.UINT8;
        bytes = 1;
        break;
      case 16:
        dtype = DType.UINT16;
        bytes = 2;
        break;
      case 32:
        dtype = DType.FLOAT32;
        bytes = 4;
        break;
      default:
        throw new CleInvalidArgumentException(what + " is " + imp.getBitDepth()
            + "-bit RGB: push 8-, 16- or 32-bit grey images (Image > Color > Split Channels)");
    }
    int width = imp.getWidth(), height = imp.getHeight(), depth = imp.getStackSize();
    long plane = (long) width * height;
    long total = plane * depth * bytes;
    if (total > Integer.MAX_VALUE)
      throw new CleInvalidArgumentException(what + " has " + total + " bytes: push at most 2 GiB at once");
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) total).order(ByteOrder.nativeOrder());
    ImageStack stack = imp.getStack();
    for (int z = 1; z <= depth; z++) {
      Object pixels = stack.getPixels(z);
      if (pixels instanceof byte[])
        buffer.put((byte[]) pixels);
      else if (pixels instanceof short[])
        buffer.asShortBuffer().put((short[]) pixels);
      else
        buffer.asFloatBuffer().put((float[]) pixels);
      if (!(pixels instanceof byte[])) buffer.position(buffer.position() + (int) plane * bytes);
    }
    buffer.rewind();
    return depth == 1 ? Cle.push(buffer, dtype, height, width) : Cle.push(buffer, dtype, depth, height, width);
  }

  /** An ImagePlus titled "cesperanto" holding the pixels of arr (see the class documentation). */
  public static ImagePlus pull(CleArray arr) {
    return pull(arr, "cesperanto");
  }

  /** An ImagePlus with this title holding the pixels of arr (see the class documentation). */
  public static ImagePlus pull(CleArray arr, String title) {
    if (arr == null) throw new CleInvalidArgumentException("pull: array must not be null");
    long[] shape = arr.shape();
    int n = shape.length;
    int width = (int) shape[n - 1];
    int height = n >= 2 ? (int) shape[n - 2] : 1;
    int depth = n == 3 ? (int) shape[0] : 1;
    DType dtype = arr.getDtype();
    if (arr.getNbytes() > Integer.MAX_VALUE)
      throw new CleInvalidArgumentException("pull: the array has " + arr.getNbytes() + " bytes: pull at most 2 GiB at once");
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) arr.getNbytes()).order(ByteOrder.nativeOrder());
    Cle.pull(arr, buffer);
    int plane = width * height;
    ImageStack stack = new ImageStack(width, height);
    for (int z = 0; z < depth; z++) stack.addSlice(null, plane(buffer, dtype, z * plane, width, height));
    ImagePlus imp = new ImagePlus(title, stack);
    if (depth > 1) imp.setDimensions(1, depth, 1);
    imp.resetDisplayRange();
    return imp;
  }

  /** One plane, starting at element offset, as the processor for dtype. */
  private static ImageProcessor plane(ByteBuffer buffer, DType dtype, int offset, int width, int height) {
    int plane = width * height;
    if (dtype == DType.UINT8) {
      byte[] pixels = new byte[plane];
      ((ByteBuffer) buffer.duplicate().position(offset)).get(pixels);
      return new ByteProcessor(width, height, pixels);
    }
    if (dtype == DType.UINT16) {
      short[] pixels = new short[plane];
      ((ByteBuffer) buffer.duplicate().order(ByteOrder.nativeOrder()).position(2 * offset)).asShortBuffer().get(pixels);
      return new ShortProcessor(width, height, pixels, null);
    }
    float[] pixels = new float[plane];
    ByteBuffer at = buffer.duplicate().order(ByteOrder.nativeOrder());
    if (dtype == DType.FLOAT32) {
      ((ByteBuffer) at.position(4 * offset)).asFloatBuffer().get(pixels);
    } else if (dtype == DType.INT8) {
      for (int i = 0; i < plane; i++) pixels[i] = at.get(offset + i);
    } else if (dtype == DType.INT16) {
      for (int i = 0; i < plane; i++) pixels[i] = at.getShort(2 * (offset + i));
    } else if (dtype == DType.INT32) {
      for (int i = 0; i < plane; i++) pixels[i] = at.getInt(4 * (offset + i));
    } else if (dtype == DType.UINT32) {
      for (int i = 0; i < plane; i++) pixels[i] = at.getInt(4 * (offset + i)) & 0xFFFFFFFFL;
    } else {
      throw new CleInvalidArgumentException("pull: unsupported dtype " + dtype);
    }
    return new FloatProcessor(width, height, pixels);
  }
}
