/* Kernel profiling for developers: with CLE_PROFILE=1 in the environment
 * every kernel launch is timed on its own (the queue is finished before and
 * after it), as are the program builds (from source, or from the disk
 * cache; and the saving of built ones to it) and the context's creation --
 * where a first call's time goes -- and, when the process exits, a table of
 * them by total time goes to stderr. Off by default: timing serializes the queue. */
#ifndef CESPERANTO_PROFILE_H
#define CESPERANTO_PROFILE_H

#include <stdbool.h>

/* Whether CLE_PROFILE is set (read once). */
bool cle_profile_enabled(void);
/* Monotonic seconds. */
double cle_profile_now(void);
/* Add one launch of kernel (program file:kernel name) that took seconds. */
void cle_profile_record(const char *file, const char *kernel, double seconds);
/* Host phases (the tiled engine's packing, labeling's merge...): t0 = cle_profile_start() before,
 * cle_profile_stop(file, what, t0) after; both do nothing without CLE_PROFILE. */
double cle_profile_start(void);
void cle_profile_stop(const char *file, const char *what, double t0);

#endif
