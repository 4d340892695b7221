/* signet-task.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/crypto.h>

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

/* OpenSSL keeps state for each thread that used it (its error queue, its
 * random generators) until that thread ends; GLib's pool threads outlive
 * their task and are still there when the process exits, where the leak
 * checker of the sanitizer pass saw that state now and then.  The next
 * task on the same thread that needs OpenSSL sets it up again. */
void
signet_task_thread_done (void)
{
  OPENSSL_thread_stop ();
}

void
signet_task_return_from_thread (GTask         *task,
                                gpointer       result,
                                GDestroyNotify destroy,
                                GError        *error)
{
  signet_task_thread_done ();
  signet_tsan_release (task);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, destroy);
}
