package net.cesperanto;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** numpy's repr of an array's values, for {@link CleArrayBase#toString()}. */
final class ArrayFormat {
  private ArrayFormat() {}

  /** numpy's print threshold and edge items: over THRESHOLD pixels, EDGE entries each side of "...". */
  static final int THRESHOLD = 1000, EDGE = 3, LINE_WIDTH = 75;

  static String repr(long[] shape, String dtype, boolean isFloat, double[] values) {
    boolean summarise = values.length > THRESHOLD;
    // The entries shown, formatted with one width (numpy pads every entry to the widest shown).
    List<Integer> shown = new ArrayList<>();
    collect(shape, 0, 0, summarise, shown);
    String[] text = new String[values.length];
    Formatter f = new Formatter(isFloat, values, shown);
    for (int i : shown) text[i] = f.format(values[i]);
    String prefix = "CleArray(";
    StringBuilder out = new StringBuilder(prefix);
    body(out, shape, 0, 0, summarise, text, f.width, pad("", prefix.length()));
    out.append(", dtype=").append(dtype).append(", shape=").append(java.util.Arrays.toString(shape)).append(")");
    return out.toString();
  }

  private static long stride(long[] shape, int axis) {
    long s = 1;
    for (int i = axis + 1; i < shape.length; i++) s *= shape[i];
    return s;
  }

  /** The indices along an axis that are shown; -1 stands for "...". */
  private static long[] indices(long n, boolean summarise) {
    if (!summarise || n <= 2 * EDGE) {
      long[] all = new long[(int) n];
      for (int i = 0; i < n; i++) all[i] = i;
      return all;
    }
    long[] some = new long[2 * EDGE + 1];
    for (int i = 0; i < EDGE; i++) {
      some[i] = i;
      some[EDGE + 1 + i] = n - EDGE + i;
    }
    some[EDGE] = -1;
    return some;
  }

  private static void collect(long[] shape, int axis, long offset, boolean summarise, List<Integer> out) {
    for (long i : indices(shape[axis], summarise)) {
      if (i < 0) continue;
      long at = offset + i * stride(shape, axis);
      if (axis + 1 == shape.length) out.add((int) at);
      else collect(shape, axis + 1, at, summarise, out);
    }
  }

  private static void body(StringBuilder out, long[] shape, int axis, long offset, boolean summarise, String[] text,
                           int width, String indent) {
    out.append('[');
    String inner = indent + " ";
    long[] idx = indices(shape[axis], summarise);
    if (axis + 1 == shape.length) {
      int lineStart = out.lastIndexOf("\n") + 1;
      for (int k = 0; k < idx.length; k++) {
        String item = idx[k] < 0 ? "..." : pad(text[(int) (offset + idx[k])], width);
        if (k > 0) {
          out.append(',');
          if (out.length() - lineStart + 1 + item.length() + 1 > LINE_WIDTH) {
            out.append('\n').append(inner);
            lineStart = out.length() - inner.length();
          } else {
            out.append(' ');
          }
        }
        out.append(item);
      }
    } else {
      StringBuilder sep = new StringBuilder(",\n");
      for (int k = 0; k < shape.length - axis - 2; k++) sep.append('\n');
      sep.append(inner);
      for (int k = 0; k < idx.length; k++) {
        if (k > 0) out.append(sep);
        if (idx[k] < 0) out.append("...");
        else body(out, shape, axis + 1, offset + idx[k] * stride(shape, axis), summarise, text, width, inner);
      }
    }
    out.append(']');
  }

  private static String pad(String s, int width) {
    StringBuilder b = new StringBuilder();
    for (int i = s.length(); i < width; i++) b.append(' ');
    return b.append(s).toString();
  }

  /** numpy's float formatting, simplified: integers as "3", floats with their shortest float32
   *  digits, the fractions padded to one length ("1.5", "2. "), or scientific for very large or
   *  small magnitudes. */
  static final class Formatter {
    final boolean isFloat;
    boolean scientific, whole;
    int fraction, width;

    Formatter(boolean isFloat, double[] values, List<Integer> shown) {
      this.isFloat = isFloat;
      if (isFloat) {
        double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
        whole = true;
        for (int i : shown) {
          double v = values[i];
          if (Double.isNaN(v) || Double.isInfinite(v)) continue;
          double a = Math.abs(v);
          maxAbs = Math.max(maxAbs, a);
          if (a > 0) minAbs = Math.min(minAbs, a);
          if (v != Math.rint(v)) whole = false;
        }
        scientific = maxAbs >= 1e8 || minAbs < 1e-4 || (maxAbs > 0 && maxAbs / minAbs > 1e3);
        for (int i : shown) {
          double v = values[i];
          if (Double.isNaN(v) || Double.isInfinite(v)) continue;
          String digits = scientific ? mantissa((float) v) : plain((float) v);
          int dot = digits.indexOf('.');
          fraction = Math.max(fraction, dot < 0 ? 0 : digits.length() - dot - 1);
        }
      }
      for (int i : shown) width = Math.max(width, format(values[i]).length());
    }

    private static BigDecimal decimal(float v) {
      return new BigDecimal(Float.toString(v)).stripTrailingZeros();
    }

    /** The shortest float32 digits as d.ddd (the scientific form's mantissa, "-" kept). */
    private static String mantissa(float v) {
      if (v == 0) return 1 / v < 0 ? "-0." : "0.";
      String digits = decimal(v).unscaledValue().abs().toString();
      return (v < 0 ? "-" : "") + digits.charAt(0) + "." + digits.substring(1);
    }

    private static String plain(float v) {
      String s = new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
      return s.equals("0") && 1 / v < 0 ? "-0" : s;
    }

    String format(double v) {
      if (!isFloat) return Long.toString((long) v);
      if (Double.isNaN(v)) return "nan";
      if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
      if (scientific) {
        StringBuilder m = new StringBuilder(mantissa((float) v));
        if (m.indexOf(".") < 0) m.append('.');
        while (m.length() - m.indexOf(".") - 1 < fraction) m.append('0');
        int exp = v == 0 ? 0 : decimal((float) v).precision() - decimal((float) v).scale() - 1;
        return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
      }
      String s = plain((float) v);
      int dot = s.indexOf('.');
      int have = dot < 0 ? 0 : s.length() - dot - 1;
      StringBuilder b = new StringBuilder(s);
      if (dot < 0) b.append('.');
      for (int k = have; k < fraction; k++) b.append(' ');
      return b.toString();
    }
  }
}
