/* signet-confirm-number-dialog.c: "Is this number correct?"
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-confirm-number-dialog.h"
#include "signet-text.h"

struct _SignetConfirmNumberDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkLabel         *number_label;
};

G_DEFINE_FINAL_TYPE (SignetConfirmNumberDialog, signet_confirm_number_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
signet_confirm_number_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_CONFIRM_NUMBER_DIALOG);

  G_OBJECT_CLASS (signet_confirm_number_dialog_parent_class)->dispose (object);
}

static void
signet_confirm_number_dialog_class_init (SignetConfirmNumberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_confirm_number_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/im/signet/Signet/ui/signet-confirm-number-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetConfirmNumberDialog, number_label);
}

static void
signet_confirm_number_dialog_init (SignetConfirmNumberDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
signet_confirm_number_dialog_new (GtkWindow  *parent,
                                  const char *international)
{
  SignetConfirmNumberDialog *self;
  g_autofree char *unbreakable = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (international != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_CONFIRM_NUMBER_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  /* Every digit on one line and in order, in right-to-left languages too:
   * the person checks them one by one. */
  unbreakable = signet_text_dup_unbreakable (international);
  gtk_label_set_label (self->number_label, unbreakable);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, international,
                                  -1);

  return GTK_WIDGET (self);
}
