package net.cesperanto;

/** What every cesperanto exception has: the C library's error code. */
public interface CleError {
  /** The C error code (1 invalid argument, 2 out of memory, 3 device, 4 build, 5 I/O, 6 unsupported). */
  int code();
}
