package net.cesperanto;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libcesperanto and its JNI wrapper before the first native call, from
 * (1) the folder named by the system property cesperanto.library.path or the
 * environment variable CESPERANTO_LIBRARY_PATH, else (2) the jar itself
 * (net/cesperanto/native/OS-ARCH/, extracted to a temporary folder), else
 * (3) java.library.path (also when the jar's copies cannot be loaded, e.g.
 * from a temporary folder mounted noexec: java.io.tmpdir chooses another).
 * The library is loaded first so the wrapper's dependency on it resolves to
 * the same copy.
 */
final class NativeLoader {
  private static final String[] LIBRARIES = {"cesperanto", "cesperanto_java"};
  private static boolean loaded;

  private NativeLoader() {}

  static synchronized void load() {
    if (loaded) return;
    String dir = System.getProperty("cesperanto.library.path", System.getenv("CESPERANTO_LIBRARY_PATH"));
    if (dir != null && !dir.isEmpty()) {
      for (String lib : LIBRARIES) System.load(new File(dir, System.mapLibraryName(lib)).getAbsolutePath());
    } else {
      UnsatisfiedLinkError fromJar = null;
      try {
        if (loadFromJar()) {
          loaded = true;
          return;
        }
      } catch (UnsatisfiedLinkError e) {
        fromJar = e; // e.g. a temporary folder mounted noexec: try java.library.path
      }
      try {
        System.loadLibrary(LIBRARIES[0]);
      } catch (UnsatisfiedLinkError e) {
        // not there: the wrapper may still find libcesperanto.so.0.1 where the system looks
      }
      try {
        System.loadLibrary(LIBRARIES[1]);
      } catch (UnsatisfiedLinkError e) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("cesperanto: no native library for " + platform()
            + (fromJar != null ? " (from the jar: " + fromJar.getMessage() + ")" : " in the jar")
            + " nor on java.library.path (" + e.getMessage() + "); set cesperanto.library.path to its folder");
        error.initCause(fromJar != null ? fromJar : e);
        throw error;
      }
    }
    loaded = true;
  }

  /** "linux-x86_64", "linux-aarch64", ...: the folder of this platform's libraries in the jar. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (arch.equals("amd64")) arch = "x86_64";
    if (arch.equals("arm64")) arch = "aarch64";
    return os + "-" + arch;
  }

  private static boolean loadFromJar() {
    String base = "native/" + platform() + "/";
    if (NativeLoader.class.getResource(base + System.mapLibraryName(LIBRARIES[1])) == null) return false;
    try {
      Path tmp = Files.createTempDirectory("cesperanto-jni");
      tmp.toFile().deleteOnExit();
      for (String lib : LIBRARIES) {
        String name = System.mapLibraryName(lib);
        Path target = tmp.resolve(name);
        try (InputStream in = NativeLoader.class.getResourceAsStream(base + name)) {
          if (in == null) throw new UnsatisfiedLinkError("cesperanto: " + base + name + " missing from the jar");
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
        System.load(target.toAbsolutePath().toString());
      }
      return true;
    } catch (IOException e) {
      UnsatisfiedLinkError error = new UnsatisfiedLinkError("cesperanto: cannot extract the native libraries: " + e);
      error.initCause(e);
      throw error;
    }
  }
}
