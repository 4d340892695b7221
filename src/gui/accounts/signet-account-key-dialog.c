/* signet-account-key-dialog.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-account-key-dialog.h"
#include "signet-dialog.h"
#include "signet-export-password.h"
#include "signet-qr-paintable.h"
#include "signet-text.h"

typedef enum
{
  MODE_BACKUP,
  MODE_LINK,
  MODE_REPLACE,
} Mode;

struct _SignetAccountKeyDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkWidget            *cancel_button;
  GtkWidget            *next_button;
  GtkWidget            *error_box;
  GtkLabel             *error_label;
  GtkStack             *stack;
  GtkLabel             *intro_label;
  SignetExportPassword *password;
  GtkLabel             *note_label;
  GtkSpinner           *spinner;
  GtkLabel             *status_label;
  AdwStatusPage        *saved_status;
  GtkPicture           *qr_picture;
  AdwActionRow         *phone_row;
  AdwActionRow         *server_row;
  GtkLabel             *token_first_label;
  GtkLabel             *token_second_label;
  GtkWidget            *copy_button;
  AdwStatusPage        *replaced_status;
  AdwStatusPage        *unconfirmed_status;

  /* Owned */
  SignetAccount        *account;
  SignetConnection     *settings;
  GCancellable         *cancellable;
  GtkNativeDialog      *chooser;
  char                 *error;
  char                 *path;
  char                 *link_text;
  char                 *fingerprint;

  Mode mode;
  gboolean busy;
  /* The server was asked to take the new key: no going back. */
  gboolean asked;
};

G_DEFINE_FINAL_TYPE (SignetAccountKeyDialog, signet_account_key_dialog, ADW_TYPE_WINDOW)

static void update_actions (SignetAccountKeyDialog *self);

/*
 * Auxiliary methods
 */

static void
wipe_string (char **string)
{
  if (*string != NULL)
    {
      explicit_bzero (*string, strlen (*string));
      g_clear_pointer (string, g_free);
    }
}

static const char *
get_page (SignetAccountKeyDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
show_error (SignetAccountKeyDialog *self,
            const char             *message)
{
  signet_dialog_show_error (self->error_box, self->error_label, &self->error, message);
}

/* Between the password and the result: only Cancel works. */
static void
set_busy (SignetAccountKeyDialog *self,
          gboolean                busy,
          const char             *status)
{
  signet_dialog_set_busy (GTK_WINDOW (self), self->spinner, busy);
  if (busy)
    {
      gtk_label_set_label (self->status_label, status);
      gtk_stack_set_visible_child_name (self->stack, "busy");
      gtk_widget_grab_focus (self->cancel_button);
    }

  self->busy = busy;
  update_actions (self);
}

static void
show_password_page (SignetAccountKeyDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "password");
  gtk_button_set_label (GTK_BUTTON (self->next_button),
                        self->mode == MODE_BACKUP ? _("_Back Up…") : _("_Continue"));
  update_actions (self);
  signet_export_password_grab_focus (self->password);
}

static void
show_replace_page (SignetAccountKeyDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "replace");
  gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Replace Key"));
  gtk_widget_remove_css_class (self->next_button, "suggested-action");
  gtk_widget_add_css_class (self->next_button, "destructive-action");
  update_actions (self);
  /* Enter alone must not revoke a key: Tab goes on to Replace Key. */
  gtk_widget_grab_focus (self->cancel_button);
}

/* Where the dialog starts, and goes back to after an error. */
static void
show_start_page (SignetAccountKeyDialog *self)
{
  if (self->mode == MODE_REPLACE)
    show_replace_page (self);
  else
    show_password_page (self);
}

/* The last page: the only button left closes the dialog. */
static void
show_result_page (SignetAccountKeyDialog *self,
                  const char             *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->next_button), _("_Done"));
  gtk_widget_remove_css_class (self->next_button, "destructive-action");
  gtk_widget_add_css_class (self->next_button, "suggested-action");
  update_actions (self);
  gtk_widget_grab_focus (g_strcmp0 (page, "code") == 0 ? self->copy_button : self->next_button);
}

static void
update_actions (SignetAccountKeyDialog *self)
{
  gboolean on_password = g_strcmp0 (get_page (self), "password") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "key.next",
                                 !self->busy && (!on_password || signet_export_password_get_ready (self->password)));
  gtk_widget_set_visible (self->next_button, !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "key.cancel", !(self->busy && self->asked));
}

/* Whether the old key still works is what matters after a failed
 * replacement: before the server was asked, or when it refused, it does. */
static char *
dup_replace_error_message (SignetAccountKeyDialog *self,
                           const GError           *error,
                           const char             *message)
{
  if (g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_REVOCATION_REFUSED))
    return g_strdup (message);
  if (!self->asked)
    /* Translators: %s says what went wrong. */
    return g_strdup_printf (_("%s\n\nNothing changed: your old key still works."), message);

  /* Once the server was asked, the rollover says what became of the new
   * key (after a lost answer it asks the server with the old one). */
  return g_strdup (message);
}

/* What went wrong, said for this dialog, with the server's own words when
 * it said more. */
static char *
dup_error_message (SignetAccountKeyDialog  *self,
                   const GError            *error,
                   const SignetStanzaError *server_error)
{
  const char *text = server_error != NULL ? signet_stanza_error_get_text (server_error) : NULL;
  const char *message = error->message;

  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED))
    message = _("The server did not let this account log in with its key, so nothing was uploaded. "
                "If the number was registered again on another device, this key no longer works.");
  else if (g_error_matches (error, SIGNET_ACCOUNT_STORE_ERROR, SIGNET_ACCOUNT_STORE_ERROR_NOT_FOUND))
    message = _("The passphrase of this account’s key is not in the keyring, so Signet cannot unlock the key.");

  if (self->mode == MODE_REPLACE)
    return dup_replace_error_message (self, error, message);

  if (text != NULL && *text != '\0' && strstr (message, text) == NULL)
    /* Translators: an error, then the server's own words, in its language. */
    return g_strdup_printf (_("%s\n\nThe server said: “%s”"), message, text);

  return g_strdup (message);
}

static void
show_failure (SignetAccountKeyDialog  *self,
              const GError            *error,
              const SignetStanzaError *server_error)
{
  g_autofree char *message = dup_error_message (self, error, server_error);

  set_busy (self, FALSE, NULL);
  show_error (self, message);
  show_start_page (self);
}

static void
restart_cancellable (SignetAccountKeyDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/*
 * Back up
 */

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetAccountKeyDialog) self = user_data;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;

  key = signet_account_key_export_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (key == NULL)
    {
      show_failure (self, error, NULL);
      return;
    }

  set_busy (self, FALSE, NULL);
  name = signet_text_dup_isolated (self->path);
  /* Translators: %s is the file the key was saved to. */
  description = g_strdup_printf (_("Saved to %s.\n\nKeep the file and its password safe: together they are "
                                   "your account. On another device, open it with “Import a key pack” "
                                   "and the same password."),
                                 name);
  adw_status_page_set_description (self->saved_status, description);
  show_result_page (self, "saved");
}

void
signet_account_key_dialog_save_to (SignetAccountKeyDialog *self,
                                   const char             *path)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT_KEY_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->busy || !signet_export_password_get_ready (self->password))
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  restart_cancellable (self);
  show_error (self, NULL);
  set_busy (self, TRUE, _("Writing the key pack…"));
  signet_account_key_export_async (self->account, signet_export_password_get_text (self->password), path,
                                   self->cancellable, on_exported, g_object_ref (self));
}

static void
on_file_chosen (GtkNativeDialog        *chooser,
                int                     response,
                SignetAccountKeyDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  g_clear_object (&self->chooser);

  if (path != NULL)
    signet_account_key_dialog_save_to (self, path);
  else if (file != NULL)
    show_error (self, _("Signet can only write the key pack to a folder on this computer."));
}

static GFile *
dup_default_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

static void
choose_file (SignetAccountKeyDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = dup_default_folder ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Key Pack"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Key packs"));
  gtk_file_filter_add_suffix (filter, "zip");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  /* Android's name, which its importer looks for. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "kontalk-keys.zip");

  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chosen), self, 0);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/*
 * Link
 */

static void
show_code (SignetAccountKeyDialog *self,
           const char             *text)
{
  g_autofree char *e164 = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *token = NULL;
  g_autofree char *first = NULL;
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autofree char *phone = NULL;
  g_autoptr(SignetQrCode) code = NULL;
  g_autoptr(SignetQrPaintable) paintable = NULL;
  g_autoptr(GError) error = NULL;
  gsize half;

  if (!signet_device_link_parse_text (text, &e164, &domain, &token, &error) ||
      (code = signet_qr_code_new (text, &error)) == NULL)
    {
      show_failure (self, error, NULL);
      return;
    }

  paintable = signet_qr_paintable_new (code);
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (paintable));

  number = signet_phone_number_parse (e164, NULL, NULL);
  phone = signet_text_dup_unbreakable (number != NULL ? signet_phone_number_get_international (number) : e164);
  adw_action_row_set_subtitle (self->phone_row, phone);
  adw_action_row_set_subtitle (self->server_row, domain);
  /* In two halves, as Android shows it, to be typed without losing one's place. */
  half = strlen (token) / 2;
  first = g_strndup (token, half);
  gtk_label_set_label (self->token_first_label, first);
  gtk_label_set_label (self->token_second_label, token + half);
  explicit_bzero (token, strlen (token));

  wipe_string (&self->link_text);
  self->link_text = g_strdup (text);
  show_result_page (self, "code");
}

static void
on_linked (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SignetAccountKeyDialog) self = user_data;
  g_autoptr(SignetStanzaError) server_error = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  text = signet_account_key_link_finish (result, &server_error, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (text == NULL)
    {
      show_failure (self, error, server_error);
      return;
    }

  set_busy (self, FALSE, NULL);
  show_code (self, text);
  wipe_string (&text);
}

static void
start_link (SignetAccountKeyDialog *self)
{
  restart_cancellable (self);
  show_error (self, NULL);
  set_busy (self, TRUE, _("Uploading the key…"));
  signet_account_key_link_async (self->account, self->settings, signet_export_password_get_text (self->password),
                                 self->cancellable, on_linked, g_object_ref (self));
}

/*
 * Replace
 */

/* The new key is the account's, but only a new sign-up of the number gets
 * the server's certification of a key: replacing again cannot. */
static void
show_unconfirmed (SignetAccountKeyDialog *self,
                  const GError           *error)
{
  g_autofree char *description = NULL;

  /* Translators: %s says that the server took the new key but its answer was lost. */
  description = g_strdup_printf (_("%s\n\nSign up with this phone number once more: the server then "
                                   "certifies a key again, and the account works here as before."),
                                 error->message);
  adw_status_page_set_description (self->unconfirmed_status, description);
  set_busy (self, FALSE, NULL);
  self->asked = FALSE;
  show_result_page (self, "unconfirmed");
}

static void
on_replaced (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignetAccountKeyDialog) self = user_data;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(SignetStanzaError) server_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *description = NULL;

  key = signet_key_rollover_finish (result, &server_error, &error);
  /* Once the server is asked, the rollover is not cancelled any more: a
   * cancelled result is from an attempt this dialog gave up. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, SIGNET_KEY_ROLLOVER_ERROR, SIGNET_KEY_ROLLOVER_ERROR_UNCONFIRMED))
    {
      show_unconfirmed (self, error);
      return;
    }
  if (key == NULL)
    {
      show_failure (self, error, server_error);
      self->asked = FALSE;
      return;
    }

  set_busy (self, FALSE, NULL);
  self->asked = FALSE;
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (signet_personal_key_get_fingerprint (key));
  fingerprint = signet_text_dup_fingerprint (self->fingerprint);
  /* Translators: %s is the new key's fingerprint, 40 hexadecimal digits. */
  description = g_strdup_printf (_("The new key’s fingerprint:\n%s\n\nThe old key is revoked. Link your "
                                   "other devices again, and back up the new key: older backups no longer "
                                   "work."),
                                 fingerprint);
  adw_status_page_set_description (self->replaced_status, description);
  show_result_page (self, "replaced");
}

/* From here the server may revoke the old key: Cancel no longer works. */
static void
on_asking (gpointer user_data)
{
  SignetAccountKeyDialog *self = user_data;

  self->asked = TRUE;
  gtk_label_set_label (self->status_label, _("Asking the server to certify the new key…"));
  update_actions (self);
}

static void
on_replace_key_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SignetAccountKeyDialog) self = user_data;
  g_autoptr(SignetPersonalKey) key = NULL;
  g_autoptr(GError) error = NULL;

  key = signet_account_key_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (key == NULL)
    {
      show_failure (self, error, NULL);
      return;
    }

  signet_key_rollover_async (self->settings, self->account, key, on_asking, self,
                             self->cancellable, on_replaced, g_object_ref (self));
}

static void
start_replace (SignetAccountKeyDialog *self)
{
  restart_cancellable (self);
  show_error (self, NULL);
  set_busy (self, TRUE, _("Making a new key…"));
  signet_account_key_load_async (self->account, self->cancellable, on_replace_key_loaded, g_object_ref (self));
}

/*
 * Actions and callbacks
 */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetAccountKeyDialog *self = SIGNET_ACCOUNT_KEY_DIALOG (widget);

  if (self->busy)
    return;

  if (g_strcmp0 (get_page (self), "replace") == 0)
    start_replace (self);
  else if (g_strcmp0 (get_page (self), "password") != 0)
    gtk_window_close (GTK_WINDOW (self));
  else if (!signet_export_password_get_ready (self->password))
    signet_export_password_insist (self->password);
  else if (self->mode == MODE_BACKUP)
    choose_file (self);
  else
    start_link (self);
}

/* Cancel stops the work under way and goes back to the password, as typed;
 * with nothing under way it closes the dialog. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SignetAccountKeyDialog *self = SIGNET_ACCOUNT_KEY_DIALOG (widget);

  if (!self->busy)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (self->asked)
    return;

  restart_cancellable (self);
  set_busy (self, FALSE, NULL);
  show_error (self, NULL);
  show_start_page (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetAccountKeyDialog *self = SIGNET_ACCOUNT_KEY_DIALOG (widget);

  if (self->link_text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->link_text);
  gtk_button_set_label (GTK_BUTTON (self->copy_button), _("_Copied"));
}

static void
on_password_activate (SignetAccountKeyDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "key.next", NULL);
}

/*
 * GObject
 */

static gboolean
signet_account_key_dialog_close_request (GtkWindow *window)
{
  SignetAccountKeyDialog *self = SIGNET_ACCOUNT_KEY_DIALOG (window);

  /* Closing stops what is under way. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (signet_account_key_dialog_parent_class)->close_request (window);
}

static void
signet_account_key_dialog_dispose (GObject *object)
{
  SignetAccountKeyDialog *self = (SignetAccountKeyDialog *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_ACCOUNT_KEY_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (signet_account_key_dialog_parent_class)->dispose (object);
}

static void
signet_account_key_dialog_finalize (GObject *object)
{
  SignetAccountKeyDialog *self = (SignetAccountKeyDialog *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->path, g_free);
  wipe_string (&self->link_text);
  g_clear_pointer (&self->fingerprint, g_free);

  G_OBJECT_CLASS (signet_account_key_dialog_parent_class)->finalize (object);
}

static void
signet_account_key_dialog_class_init (SignetAccountKeyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = signet_account_key_dialog_dispose;
  object_class->finalize = signet_account_key_dialog_finalize;
  window_class->close_request = signet_account_key_dialog_close_request;

  g_type_ensure (SIGNET_TYPE_EXPORT_PASSWORD);

  gtk_widget_class_install_action (widget_class, "key.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "key.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "key.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "key.cancel", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-account-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, password);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, saved_status);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, token_first_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, token_second_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, replaced_status);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountKeyDialog, unconfirmed_status);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activate);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
}

static void
signet_account_key_dialog_init (SignetAccountKeyDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/*
 * Public API
 */

static SignetAccountKeyDialog *
dialog_new (GtkWindow        *parent,
            SignetAccount    *account,
            SignetConnection *settings,
            Mode              mode,
            const char       *title)
{
  SignetAccountKeyDialog *self = g_object_new (SIGNET_TYPE_ACCOUNT_KEY_DIALOG, "transient-for", parent, NULL);
  const char *e164 = signet_account_get_phone (account);
  g_autoptr(SignetPhoneNumber) number = e164 != NULL ? signet_phone_number_parse (e164, NULL, NULL) : NULL;
  g_autofree char *phone = NULL;

  self->account = g_object_ref (account);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->mode = mode;
  phone = number != NULL ? signet_text_dup_unbreakable (signet_phone_number_get_international (number))
                         : g_strdup (signet_account_get_jid (account));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, phone);
  show_start_page (self);
  return self;
}

SignetAccountKeyDialog *
signet_account_key_dialog_new_backup (GtkWindow     *parent,
                                      SignetAccount *account)
{
  SignetAccountKeyDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (account), NULL);

  self = dialog_new (parent, account, NULL, MODE_BACKUP, _("Back Up Key"));
  gtk_label_set_label (self->intro_label,
                       _("The backup is a file with your key, protected by an export password. With both, "
                         "another device can use this account without a new sign-up. Type the password twice."));
  gtk_label_set_label (self->note_label,
                       _("Signet cannot tell you the password later: without it, the file cannot be opened."));
  return self;
}

SignetAccountKeyDialog *
signet_account_key_dialog_new_link (GtkWindow        *parent,
                                    SignetAccount    *account,
                                    SignetConnection *settings)
{
  SignetAccountKeyDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (SIGNET_IS_CONNECTION (settings), NULL);

  self = dialog_new (parent, account, settings, MODE_LINK, _("Link a Device"));
  gtk_label_set_label (self->intro_label,
                       _("Signet sends your key to the server, protected by an export password, and shows a "
                         "code. The new device fetches the key once with the code and opens it with the same "
                         "password. Type the password twice."));
  gtk_label_set_label (self->note_label,
                       _("The server keeps the key until the new device fetches it."));
  return self;
}

SignetAccountKeyDialog *
signet_account_key_dialog_new_replace (GtkWindow        *parent,
                                       SignetAccount    *account,
                                       SignetConnection *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SIGNET_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (SIGNET_IS_CONNECTION (settings), NULL);

  return dialog_new (parent, account, settings, MODE_REPLACE, _("Replace Key"));
}

gboolean
signet_account_key_dialog_get_busy (SignetAccountKeyDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT_KEY_DIALOG (self), FALSE);

  return self->busy;
}

const char *
signet_account_key_dialog_get_error (SignetAccountKeyDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT_KEY_DIALOG (self), NULL);

  return self->error;
}

const char *
signet_account_key_dialog_get_link_text (SignetAccountKeyDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT_KEY_DIALOG (self), NULL);

  return self->link_text;
}

const char *
signet_account_key_dialog_get_new_fingerprint (SignetAccountKeyDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT_KEY_DIALOG (self), NULL);

  return self->fingerprint;
}
