/* signet-dialog.h: what the account dialogs share: the error bar, and
 * waiting for their work.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @message in the error bar @box (its text in @label), or hides the
 * bar for NULL.  *@copy keeps the message for the dialog's get_error(). */
void signet_dialog_show_error (GtkWidget  *box,
                               GtkLabel   *label,
                               char      **copy,
                               const char *message);
/* While @dialog waits for its work, @spinner spins and nothing has the
 * focus: a text that loses its sensitivity while focused misses its
 * focus-out. */
void signet_dialog_set_busy   (GtkWindow  *dialog,
                               GtkSpinner *spinner,
                               gboolean    busy);

G_END_DECLS
