package net.cesperanto;

/**
 * A failure of the library that is not the caller's argument: device, kernel
 * build, file or unsupported errors, and out-of-memory. Bad arguments throw
 * {@link CleInvalidArgumentException}, an {@link IllegalArgumentException};
 * both are {@link RuntimeException}s and {@link CleError}s.
 */
public class CleException extends RuntimeException implements CleError {
  private static final long serialVersionUID = 1L;

  public CleException(String message) {
    super(message);
  }

  @Override
  public int code() {
    return 0;
  }
}
