/* cesperanto — settings read from the environment (settings.c).
 *
 * Every CLE_* variable the runtime reads goes through these, so that a value it
 * does not take is reported instead of silently ignored: the first time a
 * variable holds such a value, one line on stderr names the variable, the value
 * and what it takes, and the default is used (a setting only tunes or forces a
 * path, so a typo must not stop the user's work). Read on every call, as before:
 * the tests change them between calls. README "Settings" lists them all. */
#ifndef CESPERANTO_SETTINGS_H
#define CESPERANTO_SETTINGS_H

/* The index in `choices` (NULL-terminated) of variable `name`'s value;
 * `fallback` when it is unset, empty or none of them (reported). */
int cle_setting_choice(const char *name, const char *const choices[], int fallback);

/* Variable `name` as a whole number in [lo, hi]: `fallback` when it is unset
 * or empty; when it is not a whole number, `fallback` (reported); below lo or
 * above hi, that end (reported). */
long long cle_setting_integer(const char *name, long long fallback, long long lo, long long hi);

#endif
