/* signet-account-dialog.c: changing an XMPP account's password, and the
 * forms a server may want filled in first.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-account-dialog.h"
#include "signet-dialog.h"
#include "signet-form-page.h"

typedef enum
{
  MODE_CHANGE_PASSWORD,
  MODE_UNREGISTER,
} Mode;

struct _SignetAccountDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkWidget         *cancel_button;
  GtkWidget         *apply_button;
  GtkWidget         *spinner;
  GtkWidget         *error_box;
  GtkLabel          *error_label;
  GtkStack          *stack;
  GtkLabel          *intro_label;
  GtkWidget         *current_row;
  GtkWidget         *new_row;
  GtkWidget         *confirm_row;
  GtkWidget         *mismatch_row;
  SignetFormPage    *form_page;

  /* Owned */
  SignetConnection  *settings;
  SignetXmppAccount *account;
  GCancellable      *cancellable;
  char              *jid;
  char              *password;       /* the current one, when known */
  char              *new_password;
  char              *error;

  Mode mode;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (SignetAccountDialog, signet_account_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_actions (SignetAccountDialog *self);

/*
 * Auxiliary methods
 */

static void
wipe_string (char **string)
{
  if (*string != NULL)
    {
      memset (*string, 0, strlen (*string));
      g_clear_pointer (string, g_free);
    }
}

static const char *
get_text (GtkWidget *editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static gboolean
on_password_page (SignetAccountDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "password") == 0;
}

static gboolean
passwords_match (SignetAccountDialog *self)
{
  return g_strcmp0 (get_text (self->new_row), get_text (self->confirm_row)) == 0;
}

static gboolean
password_page_ready (SignetAccountDialog *self)
{
  if (gtk_widget_get_visible (self->current_row) && *get_text (self->current_row) == '\0')
    return FALSE;

  return *get_text (self->new_row) != '\0' && passwords_match (self);
}

static void
show_error (SignetAccountDialog *self,
            const char          *message)
{
  signet_dialog_show_error (self->error_box, self->error_label, &self->error, message);
}

static void
set_busy (SignetAccountDialog *self,
          gboolean             busy)
{
  signet_dialog_set_busy (GTK_WINDOW (self), GTK_SPINNER (self->spinner), busy);
  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
  update_actions (self);
}

static void
update_mismatch (SignetAccountDialog *self,
                 gboolean             insist)
{
  const char *new_password = get_text (self->new_row);
  const char *confirm = get_text (self->confirm_row);
  /* Not while the confirmation is being typed and is right so far. */
  gboolean shown = !passwords_match (self) &&
                   (insist || (*confirm != '\0' && (!g_str_has_prefix (new_password, confirm) ||
                                                    strlen (confirm) >= strlen (new_password))));

  gtk_widget_set_visible (self->mismatch_row, shown);
  if (shown)
    gtk_widget_add_css_class (self->confirm_row, "error");
  else
    gtk_widget_remove_css_class (self->confirm_row, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->confirm_row), GTK_ACCESSIBLE_STATE_INVALID,
                               shown ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
update_actions (SignetAccountDialog *self)
{
  gboolean ready;

  if (on_password_page (self))
    ready = password_page_ready (self);
  else
    ready = signet_form_page_get_valid (self->form_page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.apply", ready && !self->busy);
}

/* The message for @error, with what the server said when it said more. */
static char *
dup_error_message (SignetAccountDialog *self,
                   const GError        *error)
{
  const SignetStanzaError *server_error = self->account != NULL
                                          ? signet_xmpp_account_get_server_error (self->account)
                                          : NULL;
  const char *text = server_error != NULL ? signet_stanza_error_get_text (server_error) : NULL;

  if (text != NULL && *text != '\0' && strstr (error->message, text) == NULL)
    /* Translators: an error, then the server's own words, in its language. */
    return g_strdup_printf (_("%s\n\nThe server said: “%s”"), error->message, text);

  return g_strdup (error->message);
}

static void
show_form (SignetAccountDialog *self,
           SignetDataForm      *form)
{
  signet_form_page_set_instructions (self->form_page,
                                     self->mode == MODE_CHANGE_PASSWORD
                                     ? _("The server asks for these details before it changes the password.")
                                     : _("The server asks for these details before it deletes the account. "
                                         "Deleting it cannot be undone."));
  signet_form_page_set_form (self->form_page, form);
  gtk_stack_set_visible_child_name (self->stack, "form");
  adw_window_title_set_title (self->window_title, _("Details Needed"));
  update_actions (self);
  signet_form_page_focus (self->form_page);
}

/*
 * Callbacks
 */

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetAccountDialog) self = user_data;
  SignetXmppAccount *account = SIGNET_XMPP_ACCOUNT (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean done;

  if (self->mode == MODE_CHANGE_PASSWORD)
    done = signet_xmpp_account_change_password_finish (account, result, &error);
  else
    done = signet_xmpp_account_unregister_finish (account, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (done)
    {
      g_signal_emit (self, signals[SIGNAL_DONE], 0);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_FORM_REQUIRED) &&
      signet_xmpp_account_get_form (account) != NULL)
    {
      show_error (self, NULL);
      show_form (self, signet_xmpp_account_get_form (account));
      return;
    }

  if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED) &&
      self->mode == MODE_CHANGE_PASSWORD)
    {
      /* The keyring's password (or the one typed) is not the account's:
       * ask for the one it has, and log in again with it. */
      g_clear_object (&self->account);
      gtk_stack_set_visible_child_name (self->stack, "password");
      adw_window_title_set_title (self->window_title, _("Change Password"));
      gtk_widget_set_visible (self->current_row, TRUE);
      gtk_widget_add_css_class (self->current_row, "error");
      show_error (self, _("The server did not accept the current password. Type the password the account has now."));
      gtk_widget_grab_focus (self->current_row);
      update_actions (self);
      return;
    }

  message = dup_error_message (self, error);
  show_error (self, message);
  if (!on_password_page (self))
    signet_form_page_focus (self->form_page);
}

static void
send_request (SignetAccountDialog *self)
{
  SignetDataForm *form = NULL;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (!on_password_page (self))
    form = signet_form_page_get_form (self->form_page);

  show_error (self, NULL);
  set_busy (self, TRUE);

  if (self->mode == MODE_UNREGISTER)
    {
      signet_xmpp_account_unregister_async (self->account, form, self->cancellable,
                                            on_request_done, g_object_ref (self));
      return;
    }

  /* The form's new password is the one the keyring gets. */
  if (form != NULL && signet_data_form_get_value (form, "password") != NULL)
    {
      wipe_string (&self->new_password);
      self->new_password = g_strdup (signet_data_form_get_value (form, "password"));
    }

  signet_xmpp_account_change_password_async (self->account, self->new_password, form, self->cancellable,
                                             on_request_done, g_object_ref (self));
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  signet_account_dialog_apply (SIGNET_ACCOUNT_DIALOG (widget));
}

static void
on_password_changed (SignetAccountDialog *self)
{
  gtk_widget_remove_css_class (self->current_row, "error");
  update_mismatch (self, FALSE);
  update_actions (self);
}

static void
on_current_activated (SignetAccountDialog *self)
{
  gtk_widget_grab_focus (self->new_row);
}

static void
on_new_activated (SignetAccountDialog *self)
{
  gtk_widget_grab_focus (self->confirm_row);
}

static void
on_confirm_activated (SignetAccountDialog *self)
{
  signet_account_dialog_apply (self);
}

static void
on_form_submit (SignetAccountDialog *self)
{
  signet_account_dialog_apply (self);
}

static gboolean
signet_account_dialog_close_request (GtkWindow *window)
{
  SignetAccountDialog *self = SIGNET_ACCOUNT_DIALOG (window);

  /* Closing stops what is under way. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (signet_account_dialog_parent_class)->close_request (window);
}

/*
 * GObject
 */

static void
signet_account_dialog_dispose (GObject *object)
{
  SignetAccountDialog *self = (SignetAccountDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (signet_account_dialog_parent_class)->dispose (object);
}

static void
signet_account_dialog_finalize (GObject *object)
{
  SignetAccountDialog *self = (SignetAccountDialog *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->jid, g_free);
  g_clear_pointer (&self->error, g_free);
  wipe_string (&self->password);
  wipe_string (&self->new_password);

  G_OBJECT_CLASS (signet_account_dialog_parent_class)->finalize (object);
}

static void
signet_account_dialog_class_init (SignetAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = signet_account_dialog_dispose;
  object_class->finalize = signet_account_dialog_finalize;
  window_class->close_request = signet_account_dialog_close_request;

  /**
   * SignetAccountDialog::done:
   *
   * The server changed the password or closed the account.
   */
  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SIGNET_TYPE_FORM_PAGE);

  gtk_widget_class_install_action (widget_class, "account.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, mismatch_row);
  gtk_widget_class_bind_template_child (widget_class, SignetAccountDialog, form_page);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_current_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_new_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_form_submit);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
}

static void
signet_account_dialog_init (SignetAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

/*
 * Public API
 */

SignetAccountDialog *
signet_account_dialog_new_change_password (GtkWindow        *parent,
                                           SignetConnection *settings,
                                           const char       *jid,
                                           const char       *password)
{
  SignetAccountDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SIGNET_IS_CONNECTION (settings), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  self = g_object_new (SIGNET_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  self->mode = MODE_CHANGE_PASSWORD;
  self->settings = g_object_ref (settings);
  self->jid = g_strdup (jid);
  self->password = g_strdup (password);

  adw_window_title_set_subtitle (self->window_title, jid);
  gtk_widget_set_visible (self->current_row, password == NULL);
  if (password == NULL)
    /* Translators: %s is the account's address, such as "alice@example.org". */
    intro = g_strdup_printf (_("The password of %s is not in the keyring. Type the one it has now, then the new one twice."),
                             jid);
  else
    /* Translators: %s is the account's address, such as "alice@example.org". */
    intro = g_strdup_printf (_("Choose a new password for %s. Type it twice, to be sure it is the one you mean."),
                             jid);
  gtk_label_set_label (self->intro_label, intro);
  update_actions (self);

  return self;
}

SignetAccountDialog *
signet_account_dialog_new_unregister (GtkWindow         *parent,
                                      SignetXmppAccount *account,
                                      SignetDataForm    *form)
{
  SignetAccountDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SIGNET_IS_XMPP_ACCOUNT (account), NULL);
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (form), NULL);

  self = g_object_new (SIGNET_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  self->mode = MODE_UNREGISTER;
  self->account = g_object_ref (account);
  self->jid = g_strdup (signet_xmpp_account_get_jid (account));

  gtk_window_set_title (GTK_WINDOW (self), _("Delete Account"));
  adw_window_title_set_subtitle (self->window_title, self->jid);
  gtk_button_set_label (GTK_BUTTON (self->apply_button), _("_Delete Account"));
  gtk_widget_remove_css_class (self->apply_button, "suggested-action");
  gtk_widget_add_css_class (self->apply_button, "destructive-action");
  show_form (self, form);
  adw_window_title_set_title (self->window_title, _("Delete Account"));

  return self;
}

SignetXmppAccount *
signet_account_dialog_get_account (SignetAccountDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT_DIALOG (self), NULL);

  return self->account;
}

gboolean
signet_account_dialog_get_busy (SignetAccountDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT_DIALOG (self), FALSE);

  return self->busy;
}

const char *
signet_account_dialog_get_error (SignetAccountDialog *self)
{
  g_return_val_if_fail (SIGNET_IS_ACCOUNT_DIALOG (self), NULL);

  return self->error;
}

void
signet_account_dialog_apply (SignetAccountDialog *self)
{
  g_return_if_fail (SIGNET_IS_ACCOUNT_DIALOG (self));

  if (self->busy)
    return;

  if (!on_password_page (self))
    {
      if (!signet_form_page_get_valid (self->form_page))
        {
          signet_form_page_focus (self->form_page);
          return;
        }
      send_request (self);
      return;
    }

  if (!password_page_ready (self))
    {
      update_mismatch (self, TRUE);
      if (gtk_widget_get_visible (self->current_row) && *get_text (self->current_row) == '\0')
        gtk_widget_grab_focus (self->current_row);
      else if (*get_text (self->new_row) == '\0')
        gtk_widget_grab_focus (self->new_row);
      else
        gtk_widget_grab_focus (self->confirm_row);
      return;
    }

  if (self->account == NULL)
    {
      const char *current = gtk_widget_get_visible (self->current_row) ? get_text (self->current_row)
                                                                       : self->password;

      self->account = signet_xmpp_account_new (self->settings, self->jid, current);
    }

  wipe_string (&self->new_password);
  self->new_password = g_strdup (get_text (self->new_row));
  send_request (self);
}
