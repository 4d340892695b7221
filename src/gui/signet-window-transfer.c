/* signet-window-transfer.c: the window's part in bringing an existing
 * Kontalk account here: the number page's menu, the file chooser, the
 * import and link pages and their errors.  The machine does the work
 * (signet-signup-flow-transfer.c).
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-qr-reader.h"
#include "signet-window-private.h"

static void
on_transfer_can_next (SignetWindow *self)
{
  signet_window_update_actions (self);
}

/* The link is checked as it is typed, with a specific error. */
static void
on_link_text_changed (SignetWindow       *self,
                      SignetTransferPage *page)
{
  g_autofree char *text = g_strdup (signet_transfer_page_get_text (page));
  g_autoptr(GError) error = NULL;
  gboolean valid = signet_signup_flow_check_link (self->flow, g_strstrip (text), &error);

  signet_transfer_page_set_text_valid (page, valid, valid || *text == '\0' ? NULL : error->message);
}

static SignetTransferPage *
add_page (SignetWindow          *self,
          SignetTransferPageMode mode,
          const char            *name,
          const char            *title)
{
  GtkWidget *page = signet_transfer_page_new (mode);

  g_signal_connect_object (page, "notify::can-next", G_CALLBACK (on_transfer_can_next), self, G_CONNECT_SWAPPED);
  if (mode == SIGNET_TRANSFER_PAGE_LINK)
    g_signal_connect_object (page, "text-changed", G_CALLBACK (on_link_text_changed), self, G_CONNECT_SWAPPED);
  gtk_stack_add_titled (self->stack, page, name, title);
  return SIGNET_TRANSFER_PAGE (page);
}

SignetTransferPage *
signet_window_get_import_page (SignetWindow *self)
{
  if (self->import_page == NULL)
    self->import_page = add_page (self, SIGNET_TRANSFER_PAGE_IMPORT, "import", _("Import a Key Pack"));

  return self->import_page;
}

SignetTransferPage *
signet_window_get_link_page (SignetWindow *self)
{
  if (self->link_page == NULL)
    self->link_page = add_page (self, SIGNET_TRANSFER_PAGE_LINK, "link", _("Link With Another Device"));

  return self->link_page;
}

gboolean
signet_window_is_transfer_page (SignetWindow *self,
                                GtkWidget    *page)
{
  return page != NULL && (page == GTK_WIDGET (self->import_page) || page == GTK_WIDGET (self->link_page));
}

static const char *
error_title (const GError *error)
{
  if (g_error_matches (error, SIGNET_KEY_PACK_ERROR, SIGNET_KEY_PACK_ERROR_BAD_KEY_PACK))
    return _("Wrong Password or Not a Key Pack");
  if (g_error_matches (error, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_TOKEN_REFUSED))
    return _("Link Code Not Accepted");
  if (g_error_matches (error, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_WRONG_NUMBER))
    return _("The Key Is Another Number’s");
  if (g_error_matches (error, SIGNET_DEVICE_LINK_ERROR, SIGNET_DEVICE_LINK_ERROR_INVALID_TEXT))
    return _("Not a Device Link");
  if (error->domain == SIGNET_CONNECTION_ERROR)
    return _("Could Not Reach the Server");

  return _("Could Not Bring the Account Here");
}

void
signet_window_show_transfer (SignetWindow    *self,
                             SignetSignupStep step)
{
  gboolean link = step == SIGNET_SIGNUP_STEP_LINK;
  SignetTransferPage *page = link ? signet_window_get_link_page (self) : signet_window_get_import_page (self);
  const GError *error = signet_signup_flow_get_error (self->flow);

  if (!link && signet_signup_flow_get_key_pack (self->flow) != NULL)
    {
      g_autofree char *name = g_path_get_basename (signet_signup_flow_get_key_pack (self->flow));

      signet_transfer_page_set_file (page, name);
    }
  signet_window_go_to_page (self, link ? "link" : "import");
  if (error == NULL)
    {
      signet_transfer_page_clear_error (page);
      signet_window_focus_page (self, GTK_WIDGET (page));
      return;
    }

  signet_transfer_page_show_error (page, error_title (error), error->message);
}

gboolean
signet_window_transfer_next (SignetWindow *self,
                             GtkWidget    *page)
{
  SignetTransferPage *transfer = SIGNET_TRANSFER_PAGE (page);

  if (!signet_window_is_transfer_page (self, page))
    return FALSE;

  signet_transfer_page_clear_error (transfer);
  if (signet_transfer_page_get_mode (transfer) == SIGNET_TRANSFER_PAGE_LINK)
    signet_signup_flow_link_device (self->flow, signet_transfer_page_get_text (transfer),
                                    signet_transfer_page_get_password (transfer));
  else
    signet_signup_flow_import_key_pack (self->flow, signet_transfer_page_get_password (transfer));
  return TRUE;
}

/* Actions ------------------------------------------------------------------ */

static void
on_key_pack_chosen (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  SignetWindow *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    signet_signup_flow_choose_key_pack (self->flow, path);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

/* A modal chooser of one file that @filter lets through; @on_response gets
 * the window, referenced. */
static void
choose_file (GtkWidget     *widget,
             const char    *title,
             GtkFileFilter *filter,
             GCallback      on_response)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", on_response, g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_key_pack_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  /* Translators: the kind of file in the file chooser. */
  gtk_file_filter_set_name (filter, _("Kontalk key packs"));
  gtk_file_filter_add_pattern (filter, "*.zip");
  choose_file (widget, _("Import a Key Pack"), filter, G_CALLBACK (on_key_pack_chosen));
}

static void
link_device_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  signet_signup_flow_open_link (SIGNET_WINDOW (widget)->flow);
}

static void
on_qr_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = signet_qr_reader_read_finish (result, &error);

  if (self->link_page == NULL)
    return;
  if (text != NULL)
    signet_transfer_page_set_text (self->link_page, text);
  else
    signet_transfer_page_set_text_valid (self->link_page, FALSE, error->message);
}

static void
on_qr_image_chosen (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    signet_qr_reader_read_async (file, NULL, on_qr_read, g_object_ref (self));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
open_qr_image_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  /* Translators: the kind of file in the file chooser. */
  gtk_file_filter_set_name (filter, _("Pictures"));
  gtk_file_filter_add_pixbuf_formats (filter);
  choose_file (widget, _("Open QR Code Image"), filter, G_CALLBACK (on_qr_image_chosen));
}

void
signet_window_update_transfer_actions (SignetWindow *self,
                                       GtkWidget    *page,
                                       gboolean      busy)
{
  gboolean from_number = !busy && (page == GTK_WIDGET (self->number_page) ||
                                   signet_window_is_transfer_page (self, page));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.import-key-pack", from_number);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.link-device", from_number);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.open-qr-image",
                                 !busy && page == GTK_WIDGET (self->link_page));
}

void
signet_window_class_add_transfer_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "wizard.import-key-pack", NULL, import_key_pack_action);
  gtk_widget_class_install_action (widget_class, "wizard.link-device", NULL, link_device_action);
  gtk_widget_class_install_action (widget_class, "wizard.open-qr-image", NULL, open_qr_image_action);
}
