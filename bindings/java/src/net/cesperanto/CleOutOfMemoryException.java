package net.cesperanto;

/** Host or device memory exhausted, or an array larger than the device allows. */
public class CleOutOfMemoryException extends CleException {
  private static final long serialVersionUID = 1L;

  public CleOutOfMemoryException(String message) {
    super(message);
  }

  @Override
  public int code() {
    return 2;
  }
}
