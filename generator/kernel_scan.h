/* cle-gen — find a __kernel function in OpenCL C source and list its
 * parameter names, so the spec can be checked against the kernel it binds. */
#ifndef CLE_GEN_KERNEL_SCAN_H
#define CLE_GEN_KERNEL_SCAN_H

typedef struct gen_kernel_sig {
  char **names;
  int n;
} gen_kernel_sig;

/* 0 and the parameter names of __kernel function `name`, or -1 if the source has none. */
int gen_kernel_scan(const char *source, const char *name, gen_kernel_sig *sig);
void gen_kernel_sig_free(gen_kernel_sig *sig);

#endif
