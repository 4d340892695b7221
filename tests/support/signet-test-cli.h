/* signet-test-cli.h: running signet-cli from a test and reading what it
 * printed.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One run of signet-cli. */
typedef struct
{
  /* The exit status, or -1 when it did not exit (a signal ended it). */
  int         status;
  gboolean    killed;
  /* From the start of signet_test_cli_run() (or of the communication). */
  gint64      elapsed_ms;
  char       *out;
  char       *err;
  /* @out as a JSON object, once signet_test_cli_run_parse() has read it. */
  JsonObject *json;
} SignetTestCliRun;

void                 signet_test_cli_run_clear         (SignetTestCliRun    *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignetTestCliRun, signet_test_cli_run_clear)

/* A launcher with standard input, output and error piped, and LC_ALL=C.UTF-8,
 * so that messages are untranslated. */
GSubprocessLauncher *signet_test_cli_launcher_new      (void);
/* Hands the child its home, data, config and cache folders. */
void                 signet_test_cli_launcher_set_dirs (GSubprocessLauncher *launcher,
                                                        const char          *home,
                                                        const char          *data,
                                                        const char          *config,
                                                        const char          *cache);
/* The same for a device of signet-test-gnupg.h: @device is its home and
 * cache, @device/data and @device/config its data and config folders. */
void                 signet_test_cli_launcher_set_device (GSubprocessLauncher *launcher,
                                                          const char          *device);
/* The same with the test's own folders: GLib 2.74 isolates a test's folders
 * (G_TEST_OPTION_ISOLATE_DIRS) in-process only. */
void                 signet_test_cli_launcher_isolate  (GSubprocessLauncher *launcher);
/* Starts $SIGNET_CLI with @args (NULL-terminated). Without a @launcher, a
 * new one with the test's own folders. */
GSubprocess         *signet_test_cli_spawn             (GSubprocessLauncher *launcher,
                                                        const char * const  *args);
/* Writes @input (NULL: nothing) to @process's standard input, then waits
 * for it to end, serving the thread-default main context meanwhile (the
 * servers' output keeps being read). What it printed must be UTF-8. */
void                 signet_test_cli_communicate       (SignetTestCliRun    *run,
                                                        GSubprocess         *process,
                                                        const char          *input);
/* The same, taking what it printed as it is, for a test that checks its
 * encoding itself. */
void                 signet_test_cli_communicate_bytes (SignetTestCliRun    *run,
                                                        GSubprocess         *process,
                                                        const char          *input);
/* signet_test_cli_spawn() and signet_test_cli_communicate(). */
void                 signet_test_cli_run               (SignetTestCliRun    *run,
                                                        GSubprocessLauncher *launcher,
                                                        const char * const  *args,
                                                        const char          *input);
/* @text parsed as JSON, which must be an object; a new reference. */
JsonObject          *signet_test_cli_parse_object      (const char          *text);
/* The object @object holds as @name, which must be there; not a new
 * reference. */
JsonObject          *signet_test_cli_member            (JsonObject          *object,
                                                        const char          *name);
/* @run's output as a JSON object, parsed once into @run->json. */
JsonObject          *signet_test_cli_run_parse         (SignetTestCliRun    *run);
/* The "condition" of the --json error @out prints, or NULL when @out is
 * not one (a result, or no JSON at all). */
char                *signet_test_cli_dup_condition     (const char          *out);

G_END_DECLS
