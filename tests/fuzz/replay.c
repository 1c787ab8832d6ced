/* Runs a libFuzzer target over files, without libFuzzer: each argument is a
 * file or a folder of files (a corpus), fed to LLVMFuzzerTestOneInput once.
 * CTest replays the committed corpora this way with the ordinary compiler,
 * and under ASan and UBSan in the sanitizer build. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  fseek(f, 0, SEEK_END);
  const long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  const int ok = buf && fread(buf, 1, (size_t)n, f) == (size_t)n;
  fclose(f);
  if (ok)
    LLVMFuzzerTestOneInput(buf, (size_t)n);
  free(buf);
  return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
  int files = 0, failures = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "replay: no such file or folder %s\n", argv[i]);
      return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
      failures += replay_file(argv[i]) != 0;
      files++;
      continue;
    }
    DIR *dir = opendir(argv[i]);
    for (struct dirent *e; dir && (e = readdir(dir));) {
      if (e->d_name[0] == '.')
        continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      struct stat est;
      if (stat(path, &est) == 0 && S_ISDIR(est.st_mode))
        continue; /* a corpus is the folder's files (examples/ holds fiji/) */
      failures += replay_file(path) != 0;
      files++;
    }
    if (dir)
      closedir(dir);
  }
  printf("replayed %d file%s, %d unreadable\n", files, files == 1 ? "" : "s", failures);
  return failures || files == 0;
}
