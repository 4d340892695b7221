/* fault-matrix.c: what the fault matrices share
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "fault-matrix.h"
#include "signet-test-secrets.h"

const char * const fault_matrix_fault_names[FAULT_MATRIX_N_FAULTS] = {
  "dropped", "delayed", "garbled", "wrong reply", "killed"
};

gboolean
fault_matrix_applies (const char      *name,
                      FaultMatrixFault fault)
{
  return name[0] == 'S' || (fault != FAULT_MATRIX_GARBLE && fault != FAULT_MATRIX_WRONG);
}

void
fault_matrix_init (int    *argc,
                   char ***argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signet_test_secrets_log_install ();
}

void
fault_matrix_remove_dir (char *dir)
{
  const char *rm[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (dir);
}

void
fault_matrix_add_cells (GPtrArray          *cells,
                        const char         *prefix,
                        GPtrArray         **elements,
                        const char * const *flow_names,
                        int                 n_flows,
                        GTestDataFunc       func)
{
  for (int flow = 0; flow < n_flows; flow++)
    for (guint element = 1; element <= elements[flow]->len; element++)
      for (int fault = 0; fault < FAULT_MATRIX_N_FAULTS; fault++)
        {
          g_autofree char *path = NULL;
          FaultMatrixCell *cell;

          if (!fault_matrix_applies (g_ptr_array_index (elements[flow], element - 1), fault))
            continue;
          cell = g_new0 (FaultMatrixCell, 1);
          cell->flow = flow;
          cell->element = element;
          cell->fault = fault;
          path = g_strdup_printf ("/%s/%s/%u/%d", prefix, flow_names[flow], element, fault);
          g_ptr_array_add (cells, cell);
          signet_test_secrets_add_data_func (path, cell, func, NULL);
        }
}

gboolean
fault_matrix_server_said (SignetTestServer *server,
                          const char       *line)
{
  return strstr (signet_test_server_get_output (server), line) != NULL;
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
fault_matrix_wait_for_line (SignetTestServer *server,
                            GSubprocess      *process,
                            const char       *line)
{
  gint64 deadline = g_get_monotonic_time () + FAULT_MATRIX_LINE_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (100, on_tick, NULL);
  gint64 ended = 0;

  /* GSubprocess reaps its child on GLib's worker thread: once the
   * identifier is gone, the process is. Its server's last lines may still
   * be on their way, so they get a moment after it ends. */
  while (!fault_matrix_server_said (server, line) && g_get_monotonic_time () < deadline &&
         (ended == 0 || g_get_monotonic_time () < ended + G_USEC_PER_SEC))
    {
      if (ended == 0 && g_subprocess_get_identifier (process) == NULL)
        ended = g_get_monotonic_time ();
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);

  return fault_matrix_server_said (server, line);
}

void
fault_matrix_add_kontalk_fault (GPtrArray       *args,
                                guint            element,
                                FaultMatrixFault fault,
                                guint            delay_ms)
{
  switch (fault)
    {
    case FAULT_MATRIX_DROP:
      g_ptr_array_add (args, g_strdup ("--drop-after"));
      break;
    case FAULT_MATRIX_GARBLE:
      g_ptr_array_add (args, g_strdup ("--garble"));
      break;
    case FAULT_MATRIX_WRONG:
      g_ptr_array_add (args, g_strdup ("--wrong-reply"));
      break;
    case FAULT_MATRIX_DELAY:
    case FAULT_MATRIX_KILL:
    case FAULT_MATRIX_N_FAULTS:
    default:
      g_ptr_array_add (args, g_strdup_printf ("--delay-ms=%u", delay_ms));
      g_ptr_array_add (args, g_strdup ("--delay-element"));
      break;
    }
  g_ptr_array_add (args, g_strdup_printf ("%u", element));
}

gboolean
fault_matrix_run_faulted (SignetTestServer *server,
                          GSubprocess      *process,
                          const char       *line,
                          FaultMatrixFault  fault,
                          SignetTestCliRun *run,
                          char            **condition)
{
  gboolean reached = TRUE;

  if (fault == FAULT_MATRIX_KILL)
    {
      reached = fault_matrix_wait_for_line (server, process, line);
      g_subprocess_send_signal (process, SIGKILL);
    }
  signet_test_cli_communicate (run, process, NULL);
  *condition = run->killed ? g_strdup ("(killed)") : signet_test_cli_dup_condition (run->out);
  g_test_message ("faulted run exited %d: %s %s", run->status, run->out, run->err);

  return reached && fault_matrix_server_said (server, line);
}

const char *
fault_matrix_judge_error (FaultMatrixFault fault,
                          int              status,
                          gboolean         killed,
                          const char      *condition)
{
  if (fault == FAULT_MATRIX_KILL)
    return killed ? NULL : "FAIL: not killed";
  /* A signal the test did not send: a crash, or a critical made fatal. */
  if (killed)
    return "FAIL: crashed";
  if (status == 0)
    return "FAIL: false success";
  if (condition == NULL || g_str_equal (condition, "failed"))
    return "FAIL: not specific";
  if (fault == FAULT_MATRIX_DROP && !g_str_equal (condition, "connection-closed"))
    return "FAIL: not a cut";
  if (fault == FAULT_MATRIX_DELAY && !g_str_equal (condition, "timeout"))
    return "FAIL: not a timeout";
  if (fault == FAULT_MATRIX_GARBLE && !g_str_equal (condition, "malformed-reply"))
    return "FAIL: not malformed";

  return NULL;
}

void
fault_matrix_table_init (FaultMatrixTable *table)
{
  table->rows = g_ptr_array_new_with_free_func (g_free);
  table->n_failed = 0;
}

void
fault_matrix_table_clear (FaultMatrixTable *table)
{
  g_clear_pointer (&table->rows, g_ptr_array_unref);
}

void
fault_matrix_table_add_row (FaultMatrixTable *table,
                            const char       *verdict,
                            const char       *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (table->rows, g_strdup_vprintf (format, args));
  va_end (args);

  if (g_str_has_prefix (verdict, "FAIL"))
    table->n_failed++;
}

void
fault_matrix_table_check (FaultMatrixTable *table,
                          const char       *caption,
                          const char       *header)
{
  g_autoptr(GString) rule = g_string_new (NULL);

  for (const char *p = header; *p != '\0'; p++)
    g_string_append_c (rule, *p == '|' ? '|' : '-');

  g_print ("# %s\n# %s\n# %s\n", caption, header, rule->str);
  for (guint i = 0; i < table->rows->len; i++)
    g_print ("# %s\n", (char *) g_ptr_array_index (table->rows, i));

  g_assert_cmpuint (table->n_failed, ==, 0);
}
