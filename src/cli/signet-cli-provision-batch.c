/* signet-cli-provision-batch.c: `provision --batch FILE.jsonl`.
 *
 * The file is read a line at a time and each account is forgotten once its
 * result line is printed, so that a batch of any length runs in the same
 * memory.  A bad line is reported with its number and the batch goes on; a
 * failure that every account would meet (the certificate, the network, the
 * auth token) stops it, since going on would only repeat it.
 *
 * What is done is recorded in FILE.jsonl.done, next to the batch: the
 * usernames registered, one a line, appended as each is.  --resume skips
 * them.  Tokens are never written there: they activate accounts.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "signet-cli-provision.h"

#define DEFAULT_RETRIES 5
#define MAX_BACKOFF_SECONDS 30
#define PROGRESS_STEPS 10

typedef struct
{
  const SignetCliOptions *options;
  SignetProvisionClient  *client;
  char                   *dir;
  GHashTable             *done;
  FILE                   *state;
  gboolean tty;
  guint total;
  guint seen;
  guint registered;
  guint failed;
  guint next_report;
  guint shown;
  gint64 started;
} Batch;

typedef struct
{
  char *username;
  char *mail;
  char *password;
  char *ip;
} Account;

static void
batch_clear (Batch *batch)
{
  g_clear_pointer (&batch->dir, g_free);
  g_clear_pointer (&batch->done, g_hash_table_unref);
  g_clear_pointer (&batch->state, fclose);
}

static void
account_clear (Account *account)
{
  g_clear_pointer (&account->username, g_free);
  g_clear_pointer (&account->mail, g_free);
  g_clear_pointer (&account->password, signet_cli_free_secret);
  g_clear_pointer (&account->ip, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

/*
 * The files
 */

static GDataInputStream *
open_lines (const char *path,
            GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);

  if (in == NULL)
    return NULL;

  return g_data_input_stream_new (G_INPUT_STREAM (in));
}

/* How many lines hold something: the progress bar's 100 %. */
static gboolean
count_accounts (Batch      *batch,
                const char *path,
                GError    **error)
{
  g_autoptr(GDataInputStream) lines = open_lines (path, error);
  GError *local_error = NULL;
  char *line;

  if (lines == NULL)
    return FALSE;

  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &local_error)) != NULL)
    {
      if (*g_strstrip (line) != '\0')
        batch->total++;
      g_free (line);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* The usernames an earlier run registered (FILE.done); none is fine. */
static void
load_done (Batch      *batch,
           const char *state_path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) names = NULL;

  batch->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!batch->options->resume || !g_file_get_contents (state_path, &contents, NULL, NULL))
    return;

  names = g_strsplit (contents, "\n", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      g_hash_table_add (batch->done, g_strdup (names[i]));
}

static gboolean
open_state (Batch      *batch,
            const char *state_path,
            GError    **error)
{
  int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (batch->options->resume ? 0 : O_TRUNC);
  int fd = open (state_path, flags, 0600);

  if (fd >= 0)
    batch->state = fdopen (fd, "a");
  if (batch->state == NULL)
    {
      /* Translators: %s is a file name. */
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Cannot write %s."), state_path);
      if (fd >= 0)
        close (fd);
      return FALSE;
    }

  return TRUE;
}

/*
 * One line
 */

static char *
dup_member (JsonObject *object,
            const char *name,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      /* Translators: %s is the name of a field, such as "mail". */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not a string."), name);
      return NULL;
    }

  return g_strdup (json_node_get_string (node));
}

/* The password, or the first line of the file "password_file" names
 * (relative to the batch file). */
static char *
take_password (Batch      *batch,
               JsonObject *object,
               GError    **error)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;
  char *password = dup_member (object, "password", error);

  if (password != NULL || (error != NULL && *error != NULL))
    return password;

  file = dup_member (object, "password_file", error);
  if (file == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("It has neither “password” nor “password_file”."));
      return NULL;
    }

  path = g_path_is_absolute (file) ? g_strdup (file) : g_build_filename (batch->dir, file, NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    {
      /* Translators: %s is a file name. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot read the password file %s."), file);
      return NULL;
    }
  contents[strcspn (contents, "\r\n")] = '\0';

  return contents;
}

static gboolean
parse_account (Batch      *batch,
               const char *line,
               Account    *account,
               GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("It is not a JSON object."));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  account->username = dup_member (object, "username", error);
  if (account->username == NULL)
    goto missing;
  account->mail = dup_member (object, "mail", error);
  if (account->mail == NULL)
    goto missing;
  account->ip = dup_member (object, "ip", error);
  if (error != NULL && *error != NULL)
    return FALSE;
  account->password = take_password (batch, object, error);

  return account->password != NULL;

missing:
  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("It needs “username” and “mail”."));
  return FALSE;
}

/*
 * Results
 */

static void
begin_result (JsonBuilder *builder,
              guint        number,
              const char  *username)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, number);
  if (username != NULL)
    signet_cli_add_string (builder, "username", username);
}

static void
print_bad_line (Batch        *batch,
                guint         number,
                const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* Translators: %u is a line number, %s what is wrong with the line. */
  g_printerr (_("Line %u: %s\n"), number, error->message);
  begin_result (builder, number, NULL);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  signet_cli_add_string (builder, "condition", "bad-line");
  signet_cli_add_string (builder, "message", error->message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  signet_cli_print_json (builder);
  batch->failed++;
}

static void
print_account (Batch        *batch,
               guint         number,
               const char   *username,
               const char   *token,
               guint         retries,
               const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  begin_result (builder, number, username);
  if (token != NULL)
    {
      signet_cli_add_string (builder, "token", token);
      signet_cli_add_string (builder, "verify_url", signet_provision_client_get_verify_url (batch->client));
    }
  else
    signet_cli_provision_add_error (builder, batch->client, error);
  json_builder_set_member_name (builder, "retries");
  json_builder_add_int_value (builder, retries);
  json_builder_end_object (builder);
  signet_cli_print_json (builder);
}

static char *
format_duration (double seconds)
{
  guint whole = seconds > 359999 ? 359999 : (guint) seconds;

  if (whole >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", whole / 3600, whole / 60 % 60, whole % 60);

  return g_strdup_printf ("%u:%02u", whole / 60, whole % 60);
}

/* The bar on a terminal, redrawn for every account; a line every tenth of
 * the batch otherwise, so that a log stays short. */
static void
show_progress (Batch   *batch,
               gboolean last)
{
  double elapsed = (g_get_monotonic_time () - batch->started) / (double) G_USEC_PER_SEC;
  double rate = elapsed > 0 ? batch->seen / elapsed : 0;
  guint percent = batch->total > 0 ? batch->seen * 100 / batch->total : 100;
  g_autofree char *left = format_duration (rate > 0 ? (batch->total - batch->seen) / rate : 0);
  char bar[21];

  if (!batch->tty && (last ? batch->shown == batch->seen && batch->seen > 0 : batch->seen < batch->next_report))
    return;
  batch->shown = batch->seen;
  batch->next_report = batch->seen + MAX (batch->total / PROGRESS_STEPS, 1);

  memset (bar, '#', percent / 5);
  memset (bar + percent / 5, '.', 20 - percent / 5);
  bar[20] = '\0';
  /* Translators: a batch's progress: a bar, the accounts handled of all,
   * the percentage, accounts a second and the time left as M:SS. */
  g_printerr (_("%s[%s] %u/%u (%u%%), %.1f a second, %s left%s"), batch->tty ? "\r" : "", bar, batch->seen,
              batch->total, percent, rate, left, batch->tty && !last ? "" : "\n");
}

/*
 * Running
 */

/* A refusal or a network failure every later account would meet too. */
static gboolean
stops_batch (const GError *error)
{
  static const SignetProvisionError stopping[] = {
    SIGNET_PROVISION_ERROR_CERTIFICATE_UNTRUSTED, SIGNET_PROVISION_ERROR_NETWORK,
    SIGNET_PROVISION_ERROR_TIMEOUT, SIGNET_PROVISION_ERROR_CONNECTION_CLOSED,
    SIGNET_PROVISION_ERROR_MALFORMED_REPLY, SIGNET_PROVISION_ERROR_AUTH_TOKEN_REFUSED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (stopping); i++)
    if (g_error_matches (error, SIGNET_PROVISION_ERROR, stopping[i]))
      return TRUE;

  return FALSE;
}

/* Registers @account, waiting 1, 2, 4… seconds each time the servlet says
 * it is busy, up to --retries times. */
static char *
register_account (Batch         *batch,
                  const Account *account,
                  guint         *retries,
                  GError       **error)
{
  guint limit = batch->options->retries > 0 ? (guint) batch->options->retries : DEFAULT_RETRIES;
  const char *ip = account->ip != NULL ? account->ip
                   : batch->options->ip != NULL ? batch->options->ip : SIGNET_CLI_PROVISION_DEFAULT_IP;

  for (*retries = 0;; (*retries)++)
    {
      GError *local_error = NULL;
      char *token = signet_cli_provision_register (batch->client, account->username, account->password,
                                                   account->mail, ip, &local_error);

      if (token != NULL)
        return token;
      if (*retries >= limit ||
          !g_error_matches (local_error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_THROTTLED))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_error_free (local_error);
      g_usleep (MIN (1u << *retries, MAX_BACKOFF_SECONDS) * G_USEC_PER_SEC);
    }
}

/* One line of the file; FALSE when the batch has to stop, with @error set. */
static gboolean
handle_line (Batch      *batch,
             const char *line,
             guint       number,
             GError    **error)
{
  g_auto(Account) account = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;
  guint retries = 0;

  if (!parse_account (batch, line, &account, &local_error))
    {
      print_bad_line (batch, number, local_error);
      return TRUE;
    }

  if (g_hash_table_contains (batch->done, account.username))
    return TRUE;

  token = register_account (batch, &account, &retries, &local_error);
  print_account (batch, number, account.username, token, retries, local_error);
  if (token == NULL)
    {
      batch->failed++;
      if (stops_batch (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  batch->registered++;
  fprintf (batch->state, "%s\n", account.username);
  fflush (batch->state);
  signet_cli_free_secret (g_steal_pointer (&token));
  return TRUE;
}

static gboolean
run_lines (Batch      *batch,
           const char *path,
           GError    **error)
{
  g_autoptr(GDataInputStream) lines = open_lines (path, error);
  guint number = 0;
  char *line;

  if (lines == NULL)
    return FALSE;

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, error)) != NULL)
    {
      gboolean go_on = TRUE;

      number++;
      if (*g_strstrip (line) != '\0')
        {
          go_on = handle_line (batch, line, number, error);
          batch->seen++;
          show_progress (batch, FALSE);
        }
      signet_cli_free_secret (line);
      if (!go_on)
        return FALSE;
    }

  return error == NULL || *error == NULL;
}

static int
finish (Batch        *batch,
        const GError *error)
{
  SignetCliOptions text_options = *batch->options;

  show_progress (batch, TRUE);
  /* Translators: the summary of a batch: accounts registered, failed and
   * skipped because an earlier run registered them. */
  g_printerr (_("%u registered, %u failed, %u skipped as done before.\n"), batch->registered, batch->failed,
              g_hash_table_size (batch->done));

  if (error != NULL)
    {
      /* Standard output holds one result a line: the reason goes with the
       * progress, to standard error. */
      text_options.json = FALSE;
      g_printerr (_("The batch stopped: "));
      return signet_cli_provision_report (&text_options, batch->client, error);
    }

  return batch->failed > 0 ? SIGNET_CLI_EXIT_PROVISION_BATCH_INCOMPLETE : SIGNET_CLI_EXIT_OK;
}

int
signet_cli_provision_run_batch (const SignetCliOptions *options,
                                SignetProvisionClient  *client)
{
  g_auto(Batch) batch = { options, client };
  g_autofree char *state_path = g_strconcat (options->batch, ".done", NULL);
  g_autoptr(GError) error = NULL;

  batch.dir = g_path_get_dirname (options->batch);
  batch.tty = isatty (STDERR_FILENO);
  load_done (&batch, state_path);
  if (!count_accounts (&batch, options->batch, &error) || !open_state (&batch, state_path, &error))
    {
      g_printerr ("%s\n", error->message);
      return SIGNET_CLI_EXIT_USAGE;
    }

  batch.started = g_get_monotonic_time ();
  if (!run_lines (&batch, options->batch, &error) && error != NULL &&
      error->domain != SIGNET_PROVISION_ERROR)
    {
      g_printerr ("%s\n", error->message);
      return SIGNET_CLI_EXIT_FAILED;
    }

  return finish (&batch, error);
}
