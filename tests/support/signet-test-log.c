/* signet-test-log.c: what the core logs while a test watches.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-test-log.h"

static GPtrArray *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;
    else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
      message = fields[i].value;

  if (captured != NULL && g_str_has_prefix (domain, "Signet-Core"))
    {
      g_ptr_array_add (captured, g_strdup (message));
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
signet_test_log_capture_install (void)
{
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

void
signet_test_log_capture_start (void)
{
  g_assert_null (captured);
  captured = g_ptr_array_new_with_free_func (g_free);
}

GPtrArray *
signet_test_log_capture_stop (const char *forbidden)
{
  for (guint i = 0; i < captured->len; i++)
    g_assert_null (strstr (g_ptr_array_index (captured, i), forbidden));

  return g_steal_pointer (&captured);
}
