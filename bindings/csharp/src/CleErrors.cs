// The exceptions a cesperanto call throws: the C library's message (naming
// the function or op, the argument and the value) in the .NET exception a
// caller expects for its kind.
using System;

namespace Cesperanto {

  /// <summary>What every cesperanto exception has: the C library's error code.</summary>
  public interface ICleError {
    /// <summary>1 invalid argument, 2 out of memory, 3 device, 4 build, 5 I/O, 6 unsupported.</summary>
    int Code { get; }
  }

  /// <summary>A null, mismatched, badly sized, wrongly typed or out-of-range argument.</summary>
  public class CleInvalidArgumentException : ArgumentException, ICleError {
    public CleInvalidArgumentException(string message) : base(message) {}
    public int Code { get { return 1; } }
  }

  /// <summary>Host or device memory exhausted, or an array larger than the device allows.</summary>
  public class CleOutOfMemoryException : OutOfMemoryException, ICleError {
    public CleOutOfMemoryException(string message) : base(message) {}
    public int Code { get { return 2; } }
  }

  /// <summary>A failure that is not the caller's argument (device, build, file, unsupported).</summary>
  public class CleException : InvalidOperationException, ICleError {
    readonly int code;
    public CleException(string message) : this(message, 0) {}
    protected CleException(string message, int code) : base(message) { this.code = code; }
    public int Code { get { return code; } }
  }

  /// <summary>The OpenCL driver failed.</summary>
  public class CleDeviceException : CleException {
    public CleDeviceException(string message) : base(message, 3) {}
  }

  /// <summary>A kernel failed to compile; the message holds the build log.</summary>
  public class CleBuildException : CleException {
    public CleBuildException(string message) : base(message, 4) {}
  }

  /// <summary>A file could not be read or written, or is malformed.</summary>
  public class CleIOException : CleException {
    public CleIOException(string message) : base(message, 5) {}
  }

  /// <summary>A valid request the library or device cannot do.</summary>
  public class CleUnsupportedException : CleException {
    public CleUnsupportedException(string message) : base(message, 6) {}
  }

  /// <summary>Marks each generated op method with the op's spec name.</summary>
  [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
  public sealed class CleOperationAttribute : Attribute {
    public CleOperationAttribute(string name) { Name = name; }
    public string Name { get; private set; }
  }

  /// <summary>Marks a generated method that is another name (Alias) of an op (Of), e.g. upstream's deprecated names.</summary>
  [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
  public sealed class CleAliasAttribute : Attribute {
    public CleAliasAttribute(string alias, string of) { Alias = alias; Of = of; }
    public string Alias { get; private set; }
    public string Of { get; private set; }
  }

  /// <summary>Turns a C error code and message into the exception (used by the P/Invoke layer).</summary>
  public static class CleErrors {
    public static Exception Create(int code, string message) {
      switch (code) {
        case 1: return new CleInvalidArgumentException(message);
        case 2: return new CleOutOfMemoryException(message);
        case 3: return new CleDeviceException(message);
        case 4: return new CleBuildException(message);
        case 5: return new CleIOException(message);
        case 6: return new CleUnsupportedException(message);
        default: return new CleException(message);
      }
    }
  }
}
