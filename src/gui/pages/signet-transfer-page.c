/* signet-transfer-page.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-accessible.h"
#include "signet-core.h"
#include "signet-transfer-page.h"
#include "signet-wizard-page.h"

struct _SignetTransferPage
{
  AdwBin parent_instance;

  SignetTransferPageMode mode;
  gboolean text_valid;

  /* Template widgets */
  GtkImage              *icon;
  GtkLabel              *title_label;
  GtkLabel              *description_label;
  AdwActionRow          *file_row;
  AdwEntryRow           *text_row;
  GtkLabel              *text_hint_label;
  AdwPasswordEntryRow   *password_row;
  GtkLabel              *error_title_label;
  GtkLabel              *error_detail_label;
  GtkWidget             *error_box;
  GtkWidget             *next_button;
};

static GtkWidget *
signet_transfer_page_wizard_get_next_button (SignetWizardPage *page)
{
  return SIGNET_TRANSFER_PAGE (page)->next_button;
}

static gboolean
signet_transfer_page_wizard_get_can_next (SignetWizardPage *page)
{
  SignetTransferPage *self = SIGNET_TRANSFER_PAGE (page);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->mode == SIGNET_TRANSFER_PAGE_LINK && !self->text_valid)
    return FALSE;

  return g_utf8_strlen (password, -1) >= SIGNET_KEY_PACK_MIN_PASSWORD_LENGTH;
}

static void
signet_transfer_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_transfer_page_wizard_get_next_button;
  iface->get_can_next = signet_transfer_page_wizard_get_can_next;
}

enum
{
  TEXT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetTransferPage, signet_transfer_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_transfer_page_wizard_page_init))

static void
on_changed (SignetTransferPage *self)
{
  g_object_notify (G_OBJECT (self), "can-next");
}

/* The window checks the text with the machine as it is typed. */
static void
on_text_changed (SignetTransferPage *self)
{
  g_signal_emit (self, signals[TEXT_CHANGED], 0);
}

static void
signet_transfer_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_TRANSFER_PAGE);

  G_OBJECT_CLASS (signet_transfer_page_parent_class)->dispose (object);
}

static void
signet_transfer_page_class_init (SignetTransferPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_transfer_page_dispose;
  signet_wizard_page_class_add_can_next (object_class);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-transfer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, icon);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, file_row);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, text_row);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, text_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, error_title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, error_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, SignetTransferPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);

  signals[TEXT_CHANGED] = g_signal_new ("text-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
signet_transfer_page_init (SignetTransferPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* libadwaita 1.2 leaves the show/hide button nameless. */
  signet_accessible_name_buttons (GTK_WIDGET (self->password_row), _("Show or hide the password"));
}

static void
show_mode (SignetTransferPage *self)
{
  gboolean link = self->mode == SIGNET_TRANSFER_PAGE_LINK;

  gtk_image_set_from_icon_name (self->icon, link ? "phone-symbolic" : "document-open-symbolic");
  gtk_label_set_label (self->title_label, link ? _("Link With Another Device") : _("Import a Key Pack"));
  gtk_label_set_label (self->description_label,
                       link ?
                       _("On the device that has your account, choose “Register device” (Kontalk) or run "
                         "“signet-cli link”. Type the text it shows, number;server;code, and the password "
                         "you chose there.") :
                       _("Type the password the key pack was exported with. Your account and its contacts "
                         "move to this computer; the other device keeps working."));
  gtk_widget_set_visible (GTK_WIDGET (self->file_row), !link);
  gtk_widget_set_visible (GTK_WIDGET (self->text_row), link);
  gtk_button_set_label (GTK_BUTTON (self->next_button), link ? _("_Link") : _("_Import"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  link ? _("Link this computer to the account") :
                                  _("Import the key pack and log in"), -1);
}

GtkWidget *
signet_transfer_page_new (SignetTransferPageMode mode)
{
  SignetTransferPage *self = g_object_new (SIGNET_TYPE_TRANSFER_PAGE, NULL);

  self->mode = mode;
  show_mode (self);
  return GTK_WIDGET (self);
}

SignetTransferPageMode
signet_transfer_page_get_mode (SignetTransferPage *self)
{
  g_return_val_if_fail (SIGNET_IS_TRANSFER_PAGE (self), SIGNET_TRANSFER_PAGE_IMPORT);

  return self->mode;
}

void
signet_transfer_page_set_file (SignetTransferPage *self,
                               const char         *name)
{
  g_return_if_fail (SIGNET_IS_TRANSFER_PAGE (self));

  adw_action_row_set_subtitle (self->file_row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->file_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  name, -1);
}

const char *
signet_transfer_page_get_text (SignetTransferPage *self)
{
  g_return_val_if_fail (SIGNET_IS_TRANSFER_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->text_row));
}

void
signet_transfer_page_set_text (SignetTransferPage *self,
                               const char         *text)
{
  g_return_if_fail (SIGNET_IS_TRANSFER_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->text_row), text);
}

void
signet_transfer_page_set_text_valid (SignetTransferPage *self,
                                     gboolean            valid,
                                     const char         *problem)
{
  g_return_if_fail (SIGNET_IS_TRANSFER_PAGE (self));

  self->text_valid = valid;
  gtk_label_set_label (self->text_hint_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->text_hint_label), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_row), "error");
  g_object_notify (G_OBJECT (self), "can-next");
}

const char *
signet_transfer_page_get_password (SignetTransferPage *self)
{
  g_return_val_if_fail (SIGNET_IS_TRANSFER_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

void
signet_transfer_page_show_error (SignetTransferPage *self,
                                 const char         *title,
                                 const char         *detail)
{
  g_return_if_fail (SIGNET_IS_TRANSFER_PAGE (self));

  gtk_label_set_label (self->error_title_label, title);
  gtk_label_set_label (self->error_detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail_label), detail != NULL && *detail != '\0');
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
  /* The password stays, selected, to be corrected or typed again. */
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
}

void
signet_transfer_page_clear_error (SignetTransferPage *self)
{
  g_return_if_fail (SIGNET_IS_TRANSFER_PAGE (self));

  gtk_widget_set_visible (self->error_box, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

GtkWidget *
signet_transfer_page_get_next_button (SignetTransferPage *self)
{
  g_return_val_if_fail (SIGNET_IS_TRANSFER_PAGE (self), NULL);

  return self->next_button;
}
