package net.cesperanto;

/** A null, mismatched, badly sized, wrongly typed or out-of-range argument. */
public class CleInvalidArgumentException extends IllegalArgumentException implements CleError {
  private static final long serialVersionUID = 1L;

  public CleInvalidArgumentException(String message) {
    super(message);
  }

  @Override
  public int code() {
    return 1;
  }
}
