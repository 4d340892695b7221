/* signet-task.h: GTask shortcuts shared by the core (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Returns @error on @task, taking it, or TRUE when @error is NULL. */
void signet_task_return_error_or_true (GTask          *task,
                                       GError         *error);
/* At the end of a task's thread: lets go of what OpenSSL keeps for it. */
void signet_task_thread_done          (void);
/* From @task's thread, at its end (signet_task_thread_done()): returns
 * @result (freed with @destroy if unused), or @error, taken, when @result
 * is NULL.  What the thread made goes to the caller's thread
 * (signet-tsan-private.h). */
void signet_task_return_from_thread   (GTask          *task,
                                       gpointer        result,
                                       GDestroyNotify  destroy,
                                       GError         *error);

G_END_DECLS
