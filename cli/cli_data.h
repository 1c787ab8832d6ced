/* Finding the bundled sample images (data/). */
#ifndef CESPERANTO_CLI_DATA_H
#define CESPERANTO_CLI_DATA_H

#include <stdbool.h>
#include <stddef.h>

/* The first data folder holding name, into dir; false if none does. */
bool cli_find_data(const char *name, char *dir, size_t cap);

#endif
