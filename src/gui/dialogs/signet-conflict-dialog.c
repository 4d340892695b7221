/* signet-conflict-dialog.c: the number is registered already.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-conflict-dialog.h"
#include "signet-text.h"

struct _SignetConflictDialog
{
  AdwMessageDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (SignetConflictDialog, signet_conflict_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
signet_conflict_dialog_class_init (SignetConflictDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/signet/Signet/ui/signet-conflict-dialog.ui");
}

static void
signet_conflict_dialog_init (SignetConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
signet_conflict_dialog_new (GtkWindow  *parent,
                            const char *international,
                            const char *server)
{
  SignetConflictDialog *self;
  g_autofree char *number = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (international != NULL, NULL);
  g_return_val_if_fail (server != NULL, NULL);

  number = signet_text_dup_unbreakable (international);
  self = g_object_new (SIGNET_TYPE_CONFLICT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  /* Translators: the first %s is a phone number, the second a
                                   * server's domain. */
                                  _("%s already has an account on %s, perhaps on another phone "
                                    "or computer.\n\n"
                                    "To use the account here as well, transfer it from that device. "
                                    "If you lost it, register here again: the old device is cut off, "
                                    "it can no longer connect, and every one of its contacts receives "
                                    "an “unsubscribed” notice, so they have to add you again."),
                                  number, server);

  return GTK_WIDGET (self);
}
