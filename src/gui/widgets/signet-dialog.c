/* signet-dialog.c: what the account dialogs share: the error bar, and
 * waiting for their work.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-dialog.h"

void
signet_dialog_show_error (GtkWidget  *box,
                          GtkLabel   *label,
                          char      **copy,
                          const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (box));
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (copy != NULL);

  g_free (*copy);
  *copy = g_strdup (message);
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (box, message != NULL);
}

void
signet_dialog_set_busy (GtkWindow  *dialog,
                        GtkSpinner *spinner,
                        gboolean    busy)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  if (busy)
    gtk_window_set_focus (dialog, NULL);
  gtk_spinner_set_spinning (spinner, busy);
}
