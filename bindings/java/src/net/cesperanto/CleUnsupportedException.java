package net.cesperanto;

/** A valid request the library or device cannot do. */
public class CleUnsupportedException extends CleException {
  private static final long serialVersionUID = 1L;

  public CleUnsupportedException(String message) {
    super(message);
  }

  @Override
  public int code() {
    return 6;
  }
}
