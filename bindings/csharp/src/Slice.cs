// One axis of a CleArray index (numpy's basic indexing): a slice start:stop:step,
// a single index (drops the axis) or the ellipsis (the axes not named).
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Cesperanto {

  /// <summary>
  /// One axis of an index into a <see cref="CleArray"/>, as numpy's basic indexing:
  /// <c>new Slice(1, 3)</c> is Python's <c>1:3</c>, <c>new Slice(null, null, 2)</c> is <c>::2</c>,
  /// <see cref="All"/> is <c>:</c>, an int (implicitly a Slice) is an index that drops its axis,
  /// <see cref="Ellipsis"/> is <c>...</c>. Negative starts, stops and indices count from the end;
  /// slice bounds beyond the axis are clipped (numpy's rule), indices beyond it are errors.
  /// <see cref="Parse"/> reads Python's spelling ("1:3, ::2", "-1", "...").
  /// </summary>
  public struct Slice {
    enum Kind { Range, Index, Ellipsis }

    readonly Kind kind;
    readonly long? start, stop;
    readonly long step;

    Slice(Kind kind, long? start, long? stop, long step) {
      this.kind = kind;
      this.start = start;
      this.stop = stop;
      this.step = step;
    }

    /// <summary>start:stop:step (null: the end the step starts or stops at, as in Python).</summary>
    public Slice(long? start, long? stop, long step = 1) : this(Kind.Range, start, stop, step) {
      if (step == 0) throw new CleInvalidArgumentException("Slice: step must not be 0");
    }

    /// <summary>Every element of the axis (Python's <c>:</c>).</summary>
    public static readonly Slice All = new Slice(Kind.Range, null, null, 1);

    /// <summary>The axes not named by the other items (Python's <c>...</c>); at most one per index.</summary>
    public static readonly Slice Ellipsis = new Slice(Kind.Ellipsis, null, null, 1);

    /// <summary>One element of the axis, which the result drops (Python's <c>a[2]</c>).</summary>
    public static Slice Index(long index) {
      return new Slice(Kind.Index, index, null, 1);
    }

    /// <summary>An int is an index: <c>a[1, Slice.All]</c>.</summary>
    public static implicit operator Slice(long index) {
      return Index(index);
    }

    /// <summary>Whether this is a single index (the axis is dropped).</summary>
    public bool IsIndex { get { return kind == Kind.Index; } }

    /// <summary>Whether this is the ellipsis.</summary>
    public bool IsEllipsis { get { return kind == Kind.Ellipsis; } }

    /// <summary>
    /// Python's spelling of an index: items separated by commas, each "start:stop:step" (any part
    /// may be left out), an integer, or "...". Throws CleInvalidArgumentException naming the item.
    /// </summary>
    public static Slice[] Parse(string index) {
      if (index == null) throw new CleInvalidArgumentException("Slice.Parse: index must not be null");
      var items = new List<Slice>();
      foreach (string raw in index.Split(',')) {
        string item = raw.Trim();
        if (item == "...") {
          items.Add(Ellipsis);
          continue;
        }
        string[] parts = item.Split(':');
        if (parts.Length > 3 || item.Length == 0)
          throw new CleInvalidArgumentException("Slice.Parse: \"" + item + "\" in \"" + index
                                                + "\" is not an index, a slice start:stop:step or ...");
        if (parts.Length == 1) {
          items.Add(Index(Number(parts[0], item, index).Value));
          continue;
        }
        long? step = parts.Length == 3 ? Number(parts[2], item, index) : null;
        if (step == 0) throw new CleInvalidArgumentException("Slice.Parse: slice step cannot be zero in \"" + index + "\"");
        items.Add(new Slice(Number(parts[0], item, index), Number(parts[1], item, index), step ?? 1));
      }
      return items.ToArray();
    }

    static long? Number(string text, string item, string index) {
      text = text.Trim();
      if (text.Length == 0) return null;
      long value;
      if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        throw new CleInvalidArgumentException("Slice.Parse: \"" + text + "\" in \"" + item + "\" (index \"" + index
                                              + "\") is not an integer");
      return value;
    }

    /// <summary>Python's spelling ("1:3", "::2", "-1", "...").</summary>
    public override string ToString() {
      if (kind == Kind.Ellipsis) return "...";
      if (kind == Kind.Index) return start.Value.ToString(CultureInfo.InvariantCulture);
      string text = (start.HasValue ? start.Value.ToString(CultureInfo.InvariantCulture) : "") + ":"
                    + (stop.HasValue ? stop.Value.ToString(CultureInfo.InvariantCulture) : "");
      return step == 1 ? text : text + ":" + step.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>(first element, step, count) of this item over an axis of size n (Python's slice.indices).</summary>
    internal void Resolve(long n, int axis, string who, out long first, out long by, out long count) {
      if (kind == Kind.Index) {
        long i = start.Value;
        if (i < -n || i >= n)
          throw new CleInvalidArgumentException(who + ": index " + i + " is out of bounds for axis " + axis + " with size " + n);
        first = i < 0 ? i + n : i;
        by = 1;
        count = 1;
        return;
      }
      by = step;
      long lo, hi;
      if (step > 0) {
        lo = Clip(start, n, 0, 0, n);
        hi = Clip(stop, n, n, 0, n);
        count = hi > lo ? (hi - lo + step - 1) / step : 0;
      } else {
        lo = Clip(start, n, n - 1, -1, n - 1);
        hi = Clip(stop, n, -1, -1, n - 1);
        count = lo > hi ? (lo - hi - step - 1) / -step : 0;
      }
      first = lo;
    }

    static long Clip(long? value, long n, long absent, long min, long max) {
      if (!value.HasValue) return absent;
      long v = value.Value < 0 ? value.Value + n : value.Value;
      return v < min ? min : v > max ? max : v;
    }
  }
}
