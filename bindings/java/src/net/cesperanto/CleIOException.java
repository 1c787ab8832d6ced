package net.cesperanto;

/** A file could not be read or written, or is malformed. */
public class CleIOException extends CleException {
  private static final long serialVersionUID = 1L;

  public CleIOException(String message) {
    super(message);
  }

  @Override
  public int code() {
    return 5;
  }
}
