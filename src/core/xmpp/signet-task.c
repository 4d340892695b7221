/* signet-task.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-task.h"
#include "signet-tsan-private.h"

void
signet_task_return_error_or_true (GTask  *task,
                                  GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
signet_task_return_from_thread (GTask         *task,
                                gpointer       result,
                                GDestroyNotify destroy,
                                GError        *error)
{
  signet_tsan_release (task);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, destroy);
}
