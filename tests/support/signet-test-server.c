/* signet-test-server.c: run signet-devserver from a test.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <signal.h>
#include <string.h>

#include "signet-test-secrets.h"
#include "signet-test-server.h"

#define READY_TIMEOUT_SECONDS 20

struct _SignetTestServer
{
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  GCancellable     *cancellable;
  GString          *output;
  char             *address;
  guint16 port;
  char             *host_and_port;
  char             *sha256;
  char             *domain;
  gboolean eof;
};

static void read_next_line (SignetTestServer *self);

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Blocks in the main context for at most a tenth of a second. */
static void
iterate_briefly (void)
{
  guint tick = g_timeout_add (100, on_tick, NULL);

  g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

/* Every code the server "sends", and its number, are the secrets audit's. */
static void
audit_line (const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);

  if (g_strv_length (words) != 3 || !g_str_equal (words[0], "CODE"))
    return;

  signet_test_secrets_add_phone (words[1]);
  if (!g_str_equal (words[2], "callerid"))
    signet_test_secrets_add_from (words[2], "a code signet-devserver sent");
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SignetTestServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      self->eof = TRUE;
      return;
    }

  g_string_append (self->output, line);
  g_string_append_c (self->output, '\n');
  audit_line (line);
  read_next_line (self);
}

static void
read_next_line (SignetTestServer *self)
{
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line_read, self);
}

/* The first line is "READY <address> <port> <sha256>". */
static gboolean
parse_ready_line (SignetTestServer *self)
{
  g_auto(GStrv) words = NULL;
  const char *newline = strchr (self->output->str, '\n');
  g_autofree char *line = NULL;

  if (newline == NULL)
    return FALSE;

  line = g_strndup (self->output->str, newline - self->output->str);
  words = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (words), ==, 4);
  g_assert_cmpstr (words[0], ==, "READY");
  g_assert_cmpuint (strlen (words[3]), ==, 64);

  self->address = g_strdup (words[1]);
  self->port = (guint16) g_ascii_strtoull (words[2], NULL, 10);
  self->sha256 = g_strdup (words[3]);
  self->host_and_port = g_strdup_printf ("%s:%u", self->address, self->port);
  g_assert_cmpuint (self->port, >, 0);

  return TRUE;
}

SignetTestServer *
signet_test_server_start (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SignetTestServer *self;
  const char *devserver = g_getenv ("SIGNET_DEVSERVER");
  gboolean ready = FALSE;
  gint64 deadline;

  g_assert_nonnull (devserver);

  self = g_new0 (SignetTestServer, 1);
  self->output = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
  self->domain = g_strdup ("localhost");

  g_ptr_array_add (argv, (gpointer) devserver);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (gpointer) args[i]);
      if (g_str_equal (args[i], "--domain") && args[i + 1] != NULL)
        {
          g_free (self->domain);
          self->domain = g_strdup (args[i + 1]);
        }
    }
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (self);

  deadline = g_get_monotonic_time () + READY_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  while (!(ready = parse_ready_line (self)) && !self->eof && g_get_monotonic_time () < deadline)
    iterate_briefly ();

  if (!ready)
    g_error ("signet-devserver did not print its READY line");

  return self;
}

SignetTestServer *
signet_test_server_startv (const char *first_arg,
                           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return signet_test_server_start ((const char * const *) args->pdata);
}

void
signet_test_server_stop (SignetTestServer *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);

  /* Let the cancelled read deliver its callback before freeing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_string_free (self->output, TRUE);
  g_free (self->address);
  g_free (self->host_and_port);
  g_free (self->sha256);
  g_free (self->domain);
  g_free (self);
}

const char *
signet_test_server_get_address (SignetTestServer *self)
{
  return self->address;
}

guint16
signet_test_server_get_port (SignetTestServer *self)
{
  return self->port;
}

const char *
signet_test_server_get_host_and_port (SignetTestServer *self)
{
  return self->host_and_port;
}

const char *
signet_test_server_get_sha256 (SignetTestServer *self)
{
  return self->sha256;
}

const char *
signet_test_server_get_domain (SignetTestServer *self)
{
  return self->domain;
}

const char *
signet_test_server_get_output (SignetTestServer *self)
{
  return self->output->str;
}

static char *
find_code (SignetTestServer *self,
           const char       *e164)
{
  g_autofree char *prefix = g_strdup_printf ("CODE %s ", e164);
  g_auto(GStrv) lines = g_strsplit (self->output->str, "\n", -1);
  char *code = NULL;

  /* The newest code wins: a fallback or a new request replaces the old one. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_free (code);
        code = g_strdup (lines[i] + strlen (prefix));
      }

  return code;
}

char *
signet_test_server_wait_for_code (SignetTestServer *self,
                                  const char       *e164)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  char *code;

  while ((code = find_code (self, e164)) == NULL && !self->eof &&
         g_get_monotonic_time () < deadline)
    iterate_briefly ();

  if (code == NULL)
    g_error ("signet-devserver sent no code");

  return code;
}

void
signet_test_server_forget_keys (SignetTestServer *self)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  gsize seen = self->output->len;

  g_subprocess_send_signal (self->process, SIGUSR1);
  while (strstr (self->output->str + seen, "FORGOTTEN ") == NULL && !self->eof &&
         g_get_monotonic_time () < deadline)
    iterate_briefly ();

  if (strstr (self->output->str + seen, "FORGOTTEN ") == NULL)
    g_error ("signet-devserver did not forget its keys");
}

SignetConnection *
signet_test_server_new_connection (SignetTestServer *self)
{
  SignetConnection *connection = signet_connection_new (self->domain);

  g_assert_true (signet_connection_set_host_and_port (connection, self->host_and_port, NULL));
  signet_connection_set_trusted_sha256 (connection, self->sha256);

  return connection;
}
