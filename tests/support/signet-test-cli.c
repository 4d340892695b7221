/* signet-test-cli.c: running signet-cli from a test.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-phone.h"
#include "signet-test-async.h"
#include "signet-test-cli.h"
#include "signet-test-secrets.h"

void
signet_test_cli_run_clear (SignetTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->json, json_object_unref);
}

GSubprocessLauncher *
signet_test_cli_launcher_new (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  /* Every log line, for the secrets audit. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  return launcher;
}

void
signet_test_cli_launcher_set_dirs (GSubprocessLauncher *launcher,
                                   const char          *home,
                                   const char          *data,
                                   const char          *config,
                                   const char          *cache)
{
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
}

void
signet_test_cli_launcher_set_device (GSubprocessLauncher *launcher,
                                     const char          *device)
{
  g_autofree char *data = g_build_filename (device, "data", NULL);
  g_autofree char *config = g_build_filename (device, "config", NULL);

  signet_test_cli_launcher_set_dirs (launcher, device, data, config, device);
}

void
signet_test_cli_launcher_isolate (GSubprocessLauncher *launcher)
{
  signet_test_cli_launcher_set_dirs (launcher, g_get_home_dir (), g_get_user_data_dir (),
                                     g_get_user_config_dir (), g_get_user_cache_dir ());
}

/* Options whose value is a secret, and form fields that hold one. */
static const char * const secret_options[] = {
  "--code", "-c", "--new-password", "--invite", "--token", "--password", "--passphrase",
  "--export-password", NULL
};

static gboolean
is_secret_field (const char *field)
{
  const char *equals = strchr (field, '=');
  g_autofree char *name = equals ? g_strndup (field, equals - field) : NULL;

  return name != NULL && (strstr (name, "password") != NULL || g_str_equal (name, "ocr") ||
                          g_str_equal (name, "captcha") || g_str_equal (name, "token"));
}

/* Tells the secrets audit what @args hold: codes, passwords and tokens,
 * phone numbers, addresses. */
static void
audit_args (const char * const *args)
{
  for (guint i = 0; args[i] != NULL && args[i + 1] != NULL; i++)
    {
      const char *value = args[i + 1];

      if (g_strv_contains (secret_options, args[i]))
        signet_test_secrets_add_from (value, args[i]);
      else if (g_str_equal (args[i], "--phone") || g_str_equal (args[i], "-p"))
        signet_test_secrets_add_phone (value);
      else if (g_str_equal (args[i], "--jid") || g_str_equal (args[i], "-j") ||
               g_str_equal (args[i], "--account") || g_str_equal (args[i], "-a"))
        signet_test_secrets_add_account (value);
      else if ((g_str_equal (args[i], "--field") || g_str_equal (args[i], "-f")) && is_secret_field (value))
        signet_test_secrets_add_from (strchr (value, '=') + 1, "--field");
    }
}

/* The folders the run will use, for the secrets audit. */
static void
audit_dirs (GSubprocessLauncher *launcher)
{
  const char *names[] = { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *dir = g_subprocess_launcher_getenv (launcher, names[i]);

      signet_test_secrets_add_dir (dir != NULL ? dir : g_getenv (names[i]));
    }
}

GSubprocess *
signet_test_cli_spawn (GSubprocessLauncher *launcher,
                       const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) own = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SIGNET_CLI");
  GSubprocess *process;

  if (launcher == NULL)
    {
      launcher = own = signet_test_cli_launcher_new ();
      signet_test_cli_launcher_isolate (launcher);
    }

  g_assert_nonnull (cli);
  audit_args (args);
  audit_dirs (launcher);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static char *
bytes_to_string (GBytes  *bytes,
                 gboolean check_utf8)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  /* As g_subprocess_communicate_utf8() would refuse it. */
  if (check_utf8)
    g_assert_true (g_utf8_validate (data != NULL ? data : "", size, NULL));

  return g_strndup (size > 0 ? data : "", size);
}

/* What a test types is secret (passwords on standard input), except the
 * phone numbers, short answers ("y", a choice) and JSON requests, whose
 * secrets the test names itself. */
static void
audit_input (const char *input)
{
  g_auto(GStrv) lines = g_strsplit (input != NULL ? input : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      SignetPhoneNumber *number = NULL;

      if (strlen (line) < 6 || *line == '{')
        continue;
      if (*line == '+' && (number = signet_phone_number_parse (line, NULL, NULL)) != NULL)
        signet_test_secrets_add_phone (line);
      else
        signet_test_secrets_add_from (line, "standard input");
      g_clear_pointer (&number, signet_phone_number_free);
    }
}

static void
communicate (SignetTestCliRun *run,
             GSubprocess      *process,
             const char       *input,
             gboolean          check_utf8)
{
  /* Empty, not NULL: standard input is a pipe, which this closes. */
  g_autoptr(GBytes) in = g_bytes_new (input, input != NULL ? strlen (input) : 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A Run may be used again: what the last run printed goes first. */
  signet_test_cli_run_clear (run);
  audit_input (input);
  g_subprocess_communicate_async (process, in, NULL, signet_test_async_callback, &result);
  g_subprocess_communicate_finish (process, signet_test_async_wait (&result), &out, &err, &error);
  g_assert_no_error (error);

  run->out = bytes_to_string (out, check_utf8);
  run->err = bytes_to_string (err, check_utf8);
  run->killed = g_subprocess_get_if_signaled (process);
  /* A crash is a failure to report with its output, not a test abort. */
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  run->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  signet_test_secrets_add_output (run->out, run->err);
}

void
signet_test_cli_communicate (SignetTestCliRun *run,
                             GSubprocess      *process,
                             const char       *input)
{
  communicate (run, process, input, TRUE);
}

void
signet_test_cli_communicate_bytes (SignetTestCliRun *run,
                                   GSubprocess      *process,
                                   const char       *input)
{
  communicate (run, process, input, FALSE);
}

void
signet_test_cli_run (SignetTestCliRun    *run,
                     GSubprocessLauncher *launcher,
                     const char * const  *args,
                     const char          *input)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GSubprocess) process = signet_test_cli_spawn (launcher, args);

  signet_test_cli_communicate (run, process, input);
  run->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
}

JsonObject *
signet_test_cli_parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

JsonObject *
signet_test_cli_member (JsonObject *object,
                        const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, name)));
  return json_object_get_object_member (object, name);
}

JsonObject *
signet_test_cli_run_parse (SignetTestCliRun *run)
{
  if (run->json == NULL)
    run->json = signet_test_cli_parse_object (run->out);
  return run->json;
}

char *
signet_test_cli_dup_condition (const char *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *error;

  if (out == NULL || !json_parser_load_from_data (parser, out, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "error"))
    return NULL;
  error = json_object_get_object_member (root, "error");
  if (error == NULL || !json_object_has_member (error, "condition"))
    return NULL;

  return g_strdup (json_object_get_string_member (error, "condition"));
}
