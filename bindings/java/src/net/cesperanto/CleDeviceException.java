package net.cesperanto;

/** The OpenCL driver failed. */
public class CleDeviceException extends CleException {
  private static final long serialVersionUID = 1L;

  public CleDeviceException(String message) {
    super(message);
  }

  @Override
  public int code() {
    return 3;
  }
}
