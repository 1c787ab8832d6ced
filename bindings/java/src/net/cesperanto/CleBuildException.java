package net.cesperanto;

/** A kernel failed to compile; the message holds the build log. */
public class CleBuildException extends CleException {
  private static final long serialVersionUID = 1L;

  public CleBuildException(String message) {
    super(message);
  }

  @Override
  public int code() {
    return 4;
  }
}
