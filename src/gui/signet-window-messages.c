/* signet-window-messages.c: what the window says while and after the
 * network works: the busy bar, the error bar, toasts.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-accessible.h"
#include "signet-text.h"
#include "signet-window-private.h"

/*
 * The busy bar
 */

/* The busy bar under the header, with its Cancel, serves the operations
 * that keep the page as it is; the verify and done pages show their own. */
static gboolean
uses_bar (SignetSignupOperation operation)
{
  return operation != SIGNET_SIGNUP_OPERATION_NONE && operation != SIGNET_SIGNUP_OPERATION_VERIFYING &&
         operation != SIGNET_SIGNUP_OPERATION_STORING;
}

/* Cadmium: a rate limit is waited out by the client, second by second. */
static char *
dup_registering_status (SignetWindow *self)
{
  SignetCadmiumClient *client = signet_signup_flow_get_cadmium (self->flow);
  guint seconds = client != NULL ? signet_cadmium_client_get_retry_in (client) : 0;

  if (seconds > 0)
    /* Translators: the server refused too many sign-ups for now. */
    return g_strdup_printf (ngettext ("The server is busy. Trying again in %u second…",
                                      "The server is busy. Trying again in %u seconds…", seconds),
                            seconds);

  /* Translators: %s is a server's name, such as "cadmium.org". */
  return g_strdup_printf (_("Signing up on %s…"),
                          client != NULL ? signet_cadmium_client_get_server (client)
                          : signet_signup_flow_get_domain (self->flow));
}

static char *
dup_status (SignetWindow         *self,
            SignetSignupOperation operation)
{
  const char *domain = signet_signup_flow_get_domain (self->flow);
  SignetInbandRegistration *inband = signet_signup_flow_get_inband (self->flow);
  g_autoptr(SignetPhoneNumber) number = NULL;
  g_autofree char *unbreakable = NULL;

  switch (operation)
    {
    case SIGNET_SIGNUP_OPERATION_CONNECTING:
      /* Translators: %s is a server's domain. */
      return g_strdup_printf (_("Connecting to %s…"), domain);
    case SIGNET_SIGNUP_OPERATION_FETCHING_FORM:
      /* Translators: %s is a server's domain. */
      return g_strdup_printf (_("Getting the sign-up form of %s…"), domain);
    case SIGNET_SIGNUP_OPERATION_REQUESTING:
      number = signet_phone_number_parse (signet_signup_flow_get_e164 (self->flow), NULL, NULL);
      unbreakable = signet_text_dup_unbreakable (number ? signet_phone_number_get_international (number)
                                                 : signet_signup_flow_get_e164 (self->flow));
      /* Translators: the first %s is a server's domain, the second a phone number. */
      return g_strdup_printf (_("Asking %s to verify %s…"), domain, unbreakable);
    case SIGNET_SIGNUP_OPERATION_SUBMITTING:
      /* Translators: %s is a server's domain. */
      return g_strdup_printf (_("Signing up on %s…"), domain);
    case SIGNET_SIGNUP_OPERATION_LOGGING_IN:
      /* Translators: %s is the new account's address. */
      return g_strdup_printf (_("Logging in as %s…"), signet_inband_registration_get_jid (inband));
    case SIGNET_SIGNUP_OPERATION_DISCARDING:
      return g_strdup (_("Forgetting the earlier sign-up…"));
    case SIGNET_SIGNUP_OPERATION_IMPORTING:
      /* Translators: %s is a server's domain. */
      return g_strdup_printf (_("Bringing your account here and logging in to %s…"), domain);
    case SIGNET_SIGNUP_OPERATION_REGISTERING:
      return dup_registering_status (self);
    case SIGNET_SIGNUP_OPERATION_NONE:
    case SIGNET_SIGNUP_OPERATION_VERIFYING:
    case SIGNET_SIGNUP_OPERATION_STORING:
    default:
      return NULL;
    }
}

/* The pages wait while the network works, and the focus waits on the
 * status (a focused entry must not turn insensitive under the cursor).
 * Not on Cancel: a full code submits itself, and the Enter the person
 * presses right after it would cancel what they asked for.  Escape
 * cancels, and Tab reaches the button. */
static void
hold_focus (SignetWindow *self,
            GtkWidget    *focus)
{
  if (focus != NULL && focus != self->cancel_button && focus != self->busy_status_box)
    g_set_weak_pointer (&self->focus_before_busy, focus);
  gtk_widget_grab_focus (self->busy_status_box);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
}

static void
restore_focus (SignetWindow *self,
               GtkWidget    *focus)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
  if (self->focus_before_busy != NULL &&
      gtk_widget_is_ancestor (self->focus_before_busy, page) &&
      gtk_widget_is_sensitive (self->focus_before_busy) &&
      gtk_widget_is_visible (self->focus_before_busy))
    gtk_widget_grab_focus (self->focus_before_busy);
  else if (focus == self->cancel_button || focus == self->busy_status_box)
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
  g_clear_weak_pointer (&self->focus_before_busy);
}

static void
on_retry_in_changed (SignetWindow *self)
{
  g_autofree char *status = NULL;

  if (signet_signup_flow_get_operation (self->flow) != SIGNET_SIGNUP_OPERATION_REGISTERING)
    return;

  status = dup_registering_status (self);
  gtk_label_set_label (self->busy_label, status);
}

/* Each connection has a new client: the bar follows the one at work. */
static void
follow_cadmium_client (SignetWindow *self)
{
  SignetCadmiumClient *client = signet_signup_flow_get_cadmium (self->flow);

  if (client == NULL || G_OBJECT (client) == self->cadmium_client)
    return;

  g_set_weak_pointer (&self->cadmium_client, G_OBJECT (client));
  g_signal_connect_object (client, "notify::retry-in", G_CALLBACK (on_retry_in_changed), self, G_CONNECT_SWAPPED);
}

/* A folded bar is hidden (signet-window.c): shown first, it slides in. */
static void
reveal_bar (GtkRevealer *revealer,
            gboolean     reveal)
{
  if (reveal)
    gtk_widget_set_visible (GTK_WIDGET (revealer), TRUE);
  gtk_revealer_set_reveal_child (revealer, reveal);
}

void
signet_window_show_operation (SignetWindow         *self,
                              SignetSignupOperation operation)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean bar = uses_bar (operation);
  g_autofree char *status = dup_status (self, operation);

  if (operation == SIGNET_SIGNUP_OPERATION_REGISTERING)
    follow_cadmium_client (self);
  if (bar)
    gtk_label_set_label (self->busy_label, status);
  if (operation != SIGNET_SIGNUP_OPERATION_NONE)
    signet_window_dismiss_error (self);

  reveal_bar (self->busy_revealer, bar);
  gtk_spinner_set_spinning (self->busy_spinner, bar);
  signet_window_update_actions (self);

  if (bar)
    hold_focus (self, focus);
  else if (!gtk_widget_get_sensitive (GTK_WIDGET (self->stack)))
    restore_focus (self, focus);
}

/*
 * The error bar
 */

void
signet_window_dismiss_error (SignetWindow *self)
{
  self->error_can_retry = FALSE;
  gtk_widget_set_visible (self->retry_button, FALSE);

  if (self->error_title == NULL)
    {
      signet_window_update_actions (self);
      return;
    }

  g_clear_pointer (&self->error_title, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  signet_window_update_actions (self);
  g_object_notify (G_OBJECT (self), "error");
}

void
signet_window_show_message (SignetWindow *self,
                            const char   *title,
                            const char   *detail,
                            gboolean      can_retry)
{
  g_free (self->error_title);
  self->error_title = g_strdup (title);
  gtk_label_set_label (self->error_title_label, title);
  gtk_label_set_label (self->error_detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail_label), detail != NULL && *detail != '\0');
  reveal_bar (self->error_revealer, TRUE);

  self->error_can_retry = can_retry;
  gtk_widget_set_visible (self->retry_button, can_retry);
  signet_window_update_actions (self);

  g_object_notify (G_OBJECT (self), "error");
}

/*
 * Errors: a short title of what happened, the specific message below it,
 * and the server's own words when it sent any.
 */

static const char *
connection_error_title (SignetConnectionError code)
{
  switch (code)
    {
    case SIGNET_CONNECTION_ERROR_UNREACHABLE:
      return _("Cannot Reach the Server");
    case SIGNET_CONNECTION_ERROR_TLS_UNAVAILABLE:
      return _("No Encrypted Connection");
    case SIGNET_CONNECTION_ERROR_TLS_FAILED:
      return _("Encryption Failed");
    case SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED:
      return _("Server Not Trusted");
    case SIGNET_CONNECTION_ERROR_TIMEOUT:
      return _("The Server Did Not Answer in Time");
    case SIGNET_CONNECTION_ERROR_CLOSED:
    case SIGNET_CONNECTION_ERROR_NOT_CONNECTED:
      return _("Connection Lost");
    case SIGNET_CONNECTION_ERROR_MALFORMED:
      return _("Unreadable Reply From the Server");
    case SIGNET_CONNECTION_ERROR_STREAM_NOT_AUTHORIZED:
    case SIGNET_CONNECTION_ERROR_STREAM_POLICY_VIOLATION:
    case SIGNET_CONNECTION_ERROR_STREAM_HOST_UNKNOWN:
    case SIGNET_CONNECTION_ERROR_STREAM_CONFLICT:
    case SIGNET_CONNECTION_ERROR_STREAM_SYSTEM_SHUTDOWN:
    case SIGNET_CONNECTION_ERROR_STREAM_OTHER:
      return _("The Server Ended the Connection");
    case SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED:
      return _("Login Refused");
    case SIGNET_CONNECTION_ERROR_FAILED:
    default:
      return _("Connection Failed");
    }
}

static const char *
registration_error_title (SignetRegistrationError code)
{
  switch (code)
    {
    case SIGNET_REGISTRATION_ERROR_NOT_OFFERED:
      return _("No Sign-Up on This Server");
    case SIGNET_REGISTRATION_ERROR_THROTTLED:
      return _("Too Many Attempts");
    case SIGNET_REGISTRATION_ERROR_BAD_NUMBER:
      return _("Number Refused");
    case SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED:
      return _("Terms of Service Not Accepted");
    case SIGNET_REGISTRATION_ERROR_CANNOT_SEND:
      return _("The Server Could Not Reach the Number");
    case SIGNET_REGISTRATION_ERROR_INVALID_RESPONSE:
      return _("Unexpected Reply From the Server");
    case SIGNET_REGISTRATION_ERROR_CODE_REFUSED:
      return _("Code Not Accepted");
    case SIGNET_REGISTRATION_ERROR_KEY_REFUSED:
      return _("Personal Key Refused");
    case SIGNET_REGISTRATION_ERROR_SERVER_INTERNAL:
      return _("Problem on the Server");
    case SIGNET_REGISTRATION_ERROR_NOT_PHONE_FLOW:
      return _("Not a Phone Number Sign-Up");
    case SIGNET_REGISTRATION_ERROR_LOGIN_REFUSED:
      return _("Login Refused");
    case SIGNET_REGISTRATION_ERROR_CONFLICT:
    case SIGNET_REGISTRATION_ERROR_FAILED:
    default:
      return _("Sign-Up Refused");
    }
}

static const char *
error_title (const GError *error)
{
  if (error->domain == SIGNET_CONNECTION_ERROR)
    return connection_error_title (error->code);
  if (error->domain == SIGNET_REGISTRATION_ERROR)
    return registration_error_title (error->code);
  if (error->domain == SIGNET_PERSONAL_KEY_ERROR)
    return _("Your Encryption Key Could Not Be Made");
  if (g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_LOGIN_REFUSED))
    return _("Login Refused");
  return _("Sign-Up Failed");
}

void
signet_window_show_error (SignetWindow            *self,
                          const GError            *error,
                          const SignetStanzaError *server_error,
                          gboolean                 can_retry)
{
  g_autofree char *message = NULL;
  g_autoptr(GString) detail = NULL;
  const char *said = server_error ? signet_stanza_error_get_text (server_error) : NULL;

  if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_OFFERED))
    /* Translators: %s says that the server does not take sign-ups, a whole
     * sentence with its full stop. */
    message = g_strdup_printf (_("%s Choose another server."), error->message);
  detail = g_string_new (message != NULL ? message : error->message);

  if (said != NULL && strstr (error->message, said) == NULL)
    {
      g_string_append_c (detail, '\n');
      /* Translators: %s is the server's own explanation, in its language. */
      g_string_append_printf (detail, _("The server said: “%s”"), said);
    }

  signet_window_show_message (self, error_title (error), detail->str, can_retry);
}

/* The machine's last failure, as it is: the pages show the ones that
 * belong to them (a refused code, a form field) themselves. */
void
signet_window_show_flow_error (SignetWindow *self)
{
  const GError *error = signet_signup_flow_get_error (self->flow);

  if (error == NULL)
    return;

  if (error->domain == SIGNET_SIGNUP_FLOW_ERROR)
    signet_window_show_message (self, error->code == SIGNET_SIGNUP_FLOW_ERROR_CERTIFICATE_REJECTED ?
                                _("Server Not Trusted") : _("This Sign-Up Cannot Be Continued"),
                                error->message, FALSE);
  else
    signet_window_show_error (self, error, signet_signup_flow_get_server_error (self->flow),
                              signet_signup_flow_get_can_retry (self->flow));
}

/*
 * Toasts
 */

void
signet_window_dismiss_toast (SignetWindow *self)
{
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_clear_weak_pointer (&self->toast);
  g_clear_weak_pointer (&self->focus_before_busy);
}

/* libadwaita 1.2 leaves the toast's close button nameless.  Only the
 * overlay's toasts are walked, not the pages under them. */
static void
name_toast_buttons (SignetWindow *self)
{
  GtkWidget *content = adw_toast_overlay_get_child (self->toast_overlay);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->toast_overlay));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != content)
      signet_accessible_name_buttons (child, _("Dismiss the message"));
}

void
signet_window_toast (SignetWindow *self,
                     const char   *title)
{
  AdwToast *toast = adw_toast_new (title);

  signet_window_dismiss_toast (self);
  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  name_toast_buttons (self);
}
