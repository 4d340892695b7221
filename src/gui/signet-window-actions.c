/* signet-window-actions.c: what the person does in the wizard: the
 * wizard.* actions, the answers to its dialogs, the accounts window.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-accounts-window.h"
#include "signet-certificate-dialog.h"
#include "signet-confirm-number-dialog.h"
#include "signet-conflict-dialog.h"
#include "signet-window-private.h"

/* The server page's settings go to the machine. */
void
signet_window_apply_server (SignetWindow *self)
{
  signet_signup_flow_set_server (self->flow, signet_server_page_get_domain (self->server_page),
                                 signet_server_page_get_host (self->server_page),
                                 signet_server_page_get_direct_tls (self->server_page), NULL);
  signet_signup_flow_set_invite_token (self->flow, signet_server_page_get_invite_token (self->server_page));
  signet_signup_flow_accept_terms (self->flow, signet_server_page_get_terms_accepted (self->server_page));
}

/*
 * Dialogs
 */

static void
on_certificate_response (SignetWindow            *self,
                         const char              *response,
                         SignetCertificateDialog *dialog)
{
  /* Trusting pins the certificate for the server (the machine's trust store). */
  if (g_strcmp0 (response, SIGNET_CERTIFICATE_RESPONSE_TRUST) == 0)
    signet_signup_flow_trust_certificate (self->flow);
  else
    signet_signup_flow_reject_certificate (self->flow);
}

void
signet_window_ask_to_trust (SignetWindow *self)
{
  const char *domain = signet_signup_flow_get_domain (self->flow);
  g_autofree char *pinned = signet_trust_store_dup_pinned (self->trust, domain);
  GtkWidget *dialog = signet_certificate_dialog_new (GTK_WINDOW (self), domain,
                                                     signet_signup_flow_get_certificate (self->flow));

  if (pinned != NULL)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), _("Server Certificate Changed"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_certificate_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_conflict_response (SignetWindow *self,
                      const char   *response)
{
  if (g_strcmp0 (response, SIGNET_CONFLICT_RESPONSE_FORCE) == 0)
    signet_signup_flow_force (self->flow);
  else if (g_strcmp0 (response, SIGNET_CONFLICT_RESPONSE_TRANSFER) == 0)
    signet_signup_flow_open_link (self->flow);
  else if (g_strcmp0 (response, SIGNET_CONFLICT_RESPONSE_OTHER) == 0)
    {
      self->focus_number = TRUE;
      signet_signup_flow_change_number (self->flow);
    }
  else
    signet_signup_flow_back (self->flow);
}

void
signet_window_show_conflict (SignetWindow *self)
{
  /* Also reached from a resumed sign-up, before the number page is made. */
  const SignetPhoneNumber *number = signet_number_page_get_number (signet_window_get_number_page (self));
  GtkWidget *dialog = signet_conflict_dialog_new (GTK_WINDOW (self),
                                                  number ? signet_phone_number_get_international (number) : NULL,
                                                  signet_signup_flow_get_domain (self->flow));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_confirm_number_response (SignetWindow *self,
                            const char   *response)
{
  const SignetPhoneNumber *number = signet_number_page_get_number (self->number_page);

  if (g_strcmp0 (response, SIGNET_CONFIRM_NUMBER_RESPONSE_SEND) == 0 && number != NULL)
    signet_signup_flow_request (self->flow, signet_number_page_get_display_name (self->number_page),
                                signet_phone_number_get_e164 (number));
  else
    signet_number_page_focus_number (self->number_page);
}

static void
confirm_number (SignetWindow *self)
{
  const SignetPhoneNumber *number = signet_number_page_get_number (self->number_page);
  GtkWidget *dialog;

  if (number == NULL)
    return;

  dialog = signet_confirm_number_dialog_new (GTK_WINDOW (self), signet_phone_number_get_international (number));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_number_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Actions
 */

static gboolean
is_busy (SignetWindow *self)
{
  return signet_signup_flow_get_operation (self->flow) != SIGNET_SIGNUP_OPERATION_NONE;
}

static void
submit_form (SignetWindow *self)
{
  signet_window_dismiss_error (self);
  signet_form_page_clear_errors (self->form_page);
  signet_signup_flow_submit_form (self->flow);
}

/* The password goes to the machine, which keeps it in the keyring only. */
static void
register_cadmium (SignetWindow *self)
{
  SignetCadmiumPage *page = self->cadmium_page;

  signet_window_dismiss_error (self);
  signet_cadmium_page_clear_errors (page);
  signet_signup_flow_register_cadmium (self->flow, signet_cadmium_page_get_username (page),
                                       signet_cadmium_page_get_email (page), signet_cadmium_page_get_msisdn (page),
                                       signet_cadmium_page_get_password (page), signet_cadmium_page_get_sign_in (page));
}

/* Signet already holds an XMPP account on the typed domain: the person
 * chooses between it and another one before anything is signed up. */
static gboolean
shows_existing_account (SignetWindow *self)
{
  g_autoptr(SignetAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (signet_server_page_get_sign_up_another (self->server_page))
    return FALSE;

  account = signet_account_store_find_xmpp (signet_server_page_get_domain (self->server_page), &error);
  if (error != NULL)
    g_message ("Cannot read the stored accounts: %s", error->message);
  if (account == NULL)
    return FALSE;

  signet_server_page_show_existing (self->server_page, signet_account_get_jid (account));
  return TRUE;
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (is_busy (self) || !signet_window_page_can_next (self, page))
    return;

  if (page == GTK_WIDGET (self->server_page))
    {
      if (shows_existing_account (self))
        return;
      signet_window_apply_server (self);
      signet_signup_flow_connect (self->flow);
    }
  else if (page == GTK_WIDGET (self->number_page))
    confirm_number (self);
  else if (page == GTK_WIDGET (self->challenge_page))
    signet_challenge_page_submit (self->challenge_page);
  else if (page == GTK_WIDGET (self->verify_page))
    /* Logs in again: the code was taken already. */
    signet_signup_flow_verify (self->flow, NULL);
  else if (page == GTK_WIDGET (self->resume_page))
    signet_signup_flow_resume (self->flow);
  else if (page == self->form_box)
    submit_form (self);
  else if (page == GTK_WIDGET (self->cadmium_page))
    register_cadmium (self);
  else if (signet_window_transfer_next (self, page))
    return;
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (is_busy (self) || signet_window_page_back (self, page) == NULL)
    return;

  signet_signup_flow_back (self->flow);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  SignetSignupOperation operation = signet_signup_flow_get_operation (self->flow);

  if (operation == SIGNET_SIGNUP_OPERATION_NONE)
    return;

  if (operation == SIGNET_SIGNUP_OPERATION_STORING)
    signet_done_page_set_storing (self->done_page, FALSE);
  signet_signup_flow_cancel (self->flow);

  if (operation == SIGNET_SIGNUP_OPERATION_REQUESTING)
    /* Translators: a toast, which a narrow window cuts after about 30 characters. */
    signet_window_toast (self, _("Cancelled; ignore any late code"));
  else if (operation != SIGNET_SIGNUP_OPERATION_STORING)
    /* Translators: a short notice: the network request was stopped. */
    signet_window_toast (self, _("Cancelled"));
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  if (is_busy (SIGNET_WINDOW (widget)))
    cancel_action (widget, NULL, NULL);
  else
    back_action (widget, NULL, NULL);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  signet_window_dismiss_error (SIGNET_WINDOW (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);

  if (is_busy (self) || !self->error_can_retry)
    return;

  signet_window_dismiss_error (self);
  if (gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->server_page))
    signet_window_apply_server (self);
  signet_signup_flow_retry (self->flow);
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);

  if (!is_busy (self))
    signet_signup_flow_start_over (self->flow);
}

static void
store_secret_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);

  if (is_busy (self) || signet_signup_flow_get_account (self->flow) == NULL)
    return;

  signet_done_page_set_storing (self->done_page, TRUE);
  signet_signup_flow_store_secret (self->flow);
}

/*
 * The accounts window: the accounts Signet signed up for
 */

static void
free_weak_ref (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* The server page's settings (host, TLS) for its own domain; the trusted
 * certificate for any. */
static SignetConnection *
accounts_connection (SignetAccount *account,
                     gpointer       user_data)
{
  g_autoptr(SignetWindow) self = g_weak_ref_get (user_data);
  const char *domain = signet_account_get_server (account);
  g_autoptr(SignetConnection) connection = signet_connection_new (domain);

  if (self == NULL)
    return g_steal_pointer (&connection);

  if (g_ascii_strcasecmp (domain, signet_server_page_get_domain (self->server_page)) == 0)
    {
      const char *host = signet_server_page_get_host (self->server_page);
      g_autoptr(GError) error = NULL;

      if (host != NULL && !signet_connection_set_host_and_port (connection, host, &error))
        g_message ("Cannot use the server address %s: %s", host, error->message);
      signet_connection_set_direct_tls (connection, signet_server_page_get_direct_tls (self->server_page));
    }

  signet_trust_store_apply (self->trust, connection);

  return g_steal_pointer (&connection);
}

static void
accounts_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *window;
  GWeakRef *ref;

  if (self->accounts_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->accounts_window));
      return;
    }

  window = signet_accounts_window_new (GTK_WINDOW (self));
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  signet_accounts_page_set_connection_func (signet_accounts_window_get_page (SIGNET_ACCOUNTS_WINDOW (window)),
                                            accounts_connection, ref, (GDestroyNotify) free_weak_ref);

  g_set_weak_pointer (&self->accounts_window, window);
  gtk_window_present (GTK_WINDOW (window));
}

void
signet_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "wizard.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "wizard.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "wizard.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "wizard.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "wizard.store-secret", NULL, store_secret_action);
  gtk_widget_class_install_action (widget_class, "wizard.accounts", NULL, accounts_action);
  signet_window_class_add_transfer_actions (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}
