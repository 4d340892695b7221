/* signet-window.c: the wizard's window; owns the sign-up flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-certificate-dialog.h"
#include "signet-challenge-page.h"
#include "signet-confirm-number-dialog.h"
#include "signet-conflict-dialog.h"
#include "signet-number-page.h"
#include "signet-registration.h"
#include "signet-server-page.h"
#include "signet-window.h"

#define SETTINGS_SCHEMA "im.signet.Signet"

typedef enum
{
  BUSY_NONE,
  BUSY_CONNECTING,
  BUSY_REQUESTING,
} BusyStep;

struct _SignetWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkRevealer          *busy_revealer;
  GtkSpinner           *busy_spinner;
  GtkLabel             *busy_label;
  GtkWidget            *cancel_button;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_title_label;
  GtkLabel             *error_detail_label;
  GtkStack             *stack;
  SignetServerPage     *server_page;
  SignetNumberPage     *number_page;
  SignetChallengePage  *challenge_page;

  /* Cancels the network step under way; a new one replaces it after Cancel. */
  GCancellable         *cancellable;
  GSettings            *settings;

  /* The flow: the registration whose form was fetched for the server
   * page's settings, the number sent and the challenge that came back. */
  SignetRegistration   *registration;
  gboolean              form_fetched;
  char                 *e164;
  char                 *international;
  SignetRequestFlags    request_flags;
  SignetChallenge      *challenge;

  /* The command-line development hook: trust this certificate for this
   * domain, and leave the saved server settings alone. */
  char                 *override_domain;
  char                 *override_sha256;
  gboolean              keep_settings;

  BusyStep              busy;
  char                 *error_title;
  /* The last toast, dismissed when the page changes. */
  AdwToast             *toast;
  /* Where the focus was before a network step, to put it back. */
  GtkWidget            *focus_before_busy;
};

G_DEFINE_FINAL_TYPE (SignetWindow, signet_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void connect_server (SignetWindow *self);
static void request_verification (SignetWindow       *self,
                                  SignetRequestFlags  flags);

/*
 * Page and action state
 */

static GtkWidget *
get_next_button (SignetWindow *self,
                 GtkWidget    *page)
{
  if (page == GTK_WIDGET (self->server_page))
    return signet_server_page_get_next_button (self->server_page);
  if (page == GTK_WIDGET (self->number_page))
    return signet_number_page_get_next_button (self->number_page);
  if (page == GTK_WIDGET (self->challenge_page))
    return signet_challenge_page_get_next_button (self->challenge_page);

  return NULL;
}

static gboolean
page_can_next (SignetWindow *self,
               GtkWidget    *page)
{
  if (page == GTK_WIDGET (self->server_page))
    return signet_server_page_get_can_next (self->server_page);
  if (page == GTK_WIDGET (self->number_page))
    return signet_number_page_get_can_next (self->number_page);
  if (page == GTK_WIDGET (self->challenge_page))
    return signet_challenge_page_get_can_next (self->challenge_page);

  return FALSE;
}

static void
update_actions (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  gboolean first = page == GTK_WIDGET (self->server_page);
  gboolean busy = self->busy != BUSY_NONE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", !busy && page_can_next (self, page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", !busy && !first);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel", busy);
  gtk_widget_set_visible (self->back_button, !first);
}

static void
set_busy (SignetWindow *self,
          BusyStep      busy,
          const char   *status)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (busy != BUSY_NONE)
    gtk_label_set_label (self->busy_label, status);

  self->busy = busy;
  gtk_revealer_set_reveal_child (self->busy_revealer, busy != BUSY_NONE);
  gtk_spinner_set_spinning (self->busy_spinner, busy != BUSY_NONE);
  update_actions (self);

  /* The pages wait while the network works, and the focus waits on
   * Cancel (a focused entry must not turn insensitive under the cursor). */
  if (busy != BUSY_NONE)
    {
      if (focus != NULL && focus != self->cancel_button)
        g_set_weak_pointer (&self->focus_before_busy, focus);
      gtk_widget_grab_focus (self->cancel_button);
      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
    }
  else
    {
      GtkWidget *page = gtk_stack_get_visible_child (self->stack);

      gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
      if (self->focus_before_busy != NULL &&
          gtk_widget_is_ancestor (self->focus_before_busy, page) &&
          gtk_widget_is_sensitive (self->focus_before_busy) &&
          gtk_widget_is_visible (self->focus_before_busy))
        gtk_widget_grab_focus (self->focus_before_busy);
      else if (focus == self->cancel_button)
        gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
      g_clear_weak_pointer (&self->focus_before_busy);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
dismiss_error (SignetWindow *self)
{
  if (self->error_title == NULL)
    return;

  g_clear_pointer (&self->error_title, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
show_message (SignetWindow *self,
              const char   *title,
              const char   *detail)
{
  g_free (self->error_title);
  self->error_title = g_strdup (title);
  gtk_label_set_label (self->error_title_label, title);
  gtk_label_set_label (self->error_detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail_label), detail != NULL && *detail != '\0');
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
dismiss_toast (SignetWindow *self)
{
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_clear_weak_pointer (&self->toast);
  g_clear_weak_pointer (&self->focus_before_busy);
}

static void
go_to_page (SignetWindow *self,
            const char   *name)
{
  dismiss_error (self);
  if (g_strcmp0 (name, gtk_stack_get_visible_child_name (self->stack)) != 0)
    dismiss_toast (self);
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
toast (SignetWindow *self,
       const char   *title)
{
  AdwToast *toast = adw_toast_new (title);

  dismiss_toast (self);
  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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
    case SIGNET_REGISTRATION_ERROR_CONFLICT:
    case SIGNET_REGISTRATION_ERROR_FAILED:
    default:
      return _("Sign-Up Refused");
    }
}

static void
show_error (SignetWindow *self,
            const GError *error)
{
  const SignetStanzaError *server_error = NULL;
  const char *title;
  g_autoptr(GString) detail = g_string_new (error->message);

  if (error->domain == SIGNET_CONNECTION_ERROR)
    title = connection_error_title (error->code);
  else if (error->domain == SIGNET_REGISTRATION_ERROR)
    {
      title = registration_error_title (error->code);
      if (self->registration != NULL)
        server_error = signet_registration_get_server_error (self->registration);
    }
  else
    title = _("Sign-Up Failed");

  if (server_error != NULL && signet_stanza_error_get_text (server_error) != NULL &&
      strstr (error->message, signet_stanza_error_get_text (server_error)) == NULL)
    {
      g_string_append_c (detail, '\n');
      /* Translators: %s is the server's own explanation, in its language. */
      g_string_append_printf (detail, _("The server said: “%s”"), signet_stanza_error_get_text (server_error));
    }

  if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_NOT_OFFERED))
    {
      g_string_append_c (detail, ' ');
      g_string_append (detail, _("Choose another server."));
    }

  show_message (self, title, detail->str);
}

/*
 * Certificates pinned per server (GSettings "pinned-certificates")
 */

static char *
dup_pinned_sha256 (SignetWindow *self,
                   const char   *domain)
{
  g_autoptr(GVariant) pinned = g_settings_get_value (self->settings, "pinned-certificates");
  g_autofree char *key = g_ascii_strdown (domain, -1);
  const char *sha256 = NULL;

  if (g_variant_lookup (pinned, key, "&s", &sha256))
    return g_strdup (sha256);

  return NULL;
}

static void
pin_certificate (SignetWindow *self,
                 const char   *domain,
                 const char   *sha256)
{
  g_autoptr(GVariant) pinned = g_settings_get_value (self->settings, "pinned-certificates");
  g_autofree char *key = g_ascii_strdown (domain, -1);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name;
  const char *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, pinned);
  while (g_variant_iter_next (&iter, "{&s&s}", &name, &value))
    if (!g_str_equal (name, key))
      g_variant_builder_add (&builder, "{ss}", name, value);
  g_variant_builder_add (&builder, "{ss}", key, sha256);

  g_settings_set_value (self->settings, "pinned-certificates", g_variant_builder_end (&builder));
}

static char *
dup_trusted_sha256 (SignetWindow *self,
                    const char   *domain)
{
  if (self->override_sha256 != NULL && g_ascii_strcasecmp (domain, self->override_domain) == 0)
    return g_strdup (self->override_sha256);

  return dup_pinned_sha256 (self, domain);
}

/*
 * Step 1: connecting and fetching the registration form
 */

static void
save_server_settings (SignetWindow *self)
{
  const char *host = signet_server_page_get_host (self->server_page);

  if (self->keep_settings)
    return;

  g_settings_set_string (self->settings, "server", signet_server_page_get_domain (self->server_page));
  g_settings_set_string (self->settings, "server-host", host ? host : "");
  g_settings_set_boolean (self->settings, "direct-tls", signet_server_page_get_direct_tls (self->server_page));
}

static void
drop_registration (SignetWindow *self)
{
  g_clear_object (&self->registration);
  self->form_fetched = FALSE;
}

/* Goes on with the form fetched: which way this server signs up. */
static void
continue_with_form (SignetWindow *self)
{
  const char *domain = signet_server_page_get_domain (self->server_page);

  switch (signet_registration_get_flow (self->registration))
    {
    case SIGNET_REGISTRATION_FLOW_PHONE:
      save_server_settings (self);
      if (signet_registration_get_requires_terms (self->registration) &&
          !signet_server_page_get_terms_accepted (self->server_page))
        {
          /* The terms appear on the page, with the focus on "I accept". */
          if (!signet_server_page_get_terms_shown (self->server_page))
            signet_server_page_show_terms (self->server_page,
                                           signet_registration_get_terms_url (self->registration));
          update_actions (self);
          return;
        }
      adw_window_title_set_subtitle (self->window_title, domain);
      go_to_page (self, "number");
      break;

    case SIGNET_REGISTRATION_FLOW_FORM:
      /* TODO(xep0077): render the server's form instead. */
      show_message (self, _("This Server Uses a Sign-Up Form"),
                    _("It signs people up with a form of its own instead of a phone number. "
                      "Signing up with forms (XEP-0077) is coming in a later version of Signet."));
      break;

    case SIGNET_REGISTRATION_FLOW_WEB:
    default:
      {
        const char *url = signet_registration_get_web_url (self->registration);
        g_autofree char *detail = NULL;

        /* Translators: %s is a web address. */
        detail = g_strdup_printf (_("Sign up on its website, %s, then come back to use the account."),
                                  url ? url : "");
        show_message (self, _("This Server Signs Up on the Web"), detail);
      }
      break;
    }
}

static void
on_certificate_response (SignetWindow            *self,
                         const char              *response,
                         SignetCertificateDialog *dialog)
{
  const SignetCertificateInfo *certificate = signet_certificate_dialog_get_certificate (dialog);
  const char *domain = signet_server_page_get_domain (self->server_page);

  if (g_strcmp0 (response, SIGNET_CERTIFICATE_RESPONSE_TRUST) == 0)
    {
      pin_certificate (self, domain, signet_certificate_info_get_sha256 (certificate));
      connect_server (self);
      return;
    }

  /* Translators: %s is a server's domain. */
  {
    g_autofree char *detail = g_strdup_printf (_("Signet did not connect to %s because you did not trust its "
                                                 "certificate."), domain);
    show_message (self, _("Server Not Trusted"), detail);
  }
}

static void
ask_to_trust (SignetWindow                *self,
              const SignetCertificateInfo *certificate)
{
  const char *domain = signet_server_page_get_domain (self->server_page);
  g_autofree char *pinned = dup_pinned_sha256 (self, domain);
  GtkWidget *dialog = signet_certificate_dialog_new (GTK_WINDOW (self), domain, certificate);

  if (pinned != NULL)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), _("Server Certificate Changed"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_certificate_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_form_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetRegistration *registration = SIGNET_REGISTRATION (source);
  g_autoptr(GError) error = NULL;
  gboolean fetched;

  fetched = signet_registration_fetch_form_finish (registration, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || registration != self->registration)
    return;

  set_busy (self, BUSY_NONE, NULL);

  if (!fetched)
    {
      const SignetCertificateInfo *certificate =
        signet_connection_get_peer_certificate (signet_registration_get_connection (registration));

      if (g_error_matches (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_CERTIFICATE_UNTRUSTED) &&
          certificate != NULL)
        ask_to_trust (self, certificate);
      else
        show_error (self, error);

      drop_registration (self);
      return;
    }

  self->form_fetched = TRUE;
  continue_with_form (self);
}

static void
connect_server (SignetWindow *self)
{
  const char *domain = signet_server_page_get_domain (self->server_page);
  const char *host = signet_server_page_get_host (self->server_page);
  g_autoptr(SignetConnection) connection = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;

  dismiss_error (self);
  drop_registration (self);

  connection = signet_connection_new (domain);
  if (host != NULL && !signet_connection_set_host_and_port (connection, host, &error))
    {
      show_error (self, error);
      return;
    }
  signet_connection_set_direct_tls (connection, signet_server_page_get_direct_tls (self->server_page));
  sha256 = dup_trusted_sha256 (self, domain);
  if (sha256 != NULL)
    signet_connection_set_trusted_sha256 (connection, sha256);

  self->registration = signet_registration_new (connection);

  /* Translators: %s is a server's domain. */
  status = g_strdup_printf (_("Connecting to %s…"), domain);
  set_busy (self, BUSY_CONNECTING, status);
  signet_registration_fetch_form_async (self->registration, self->cancellable,
                                        on_form_fetched, g_object_ref (self));
}

/*
 * Steps 2 and 3: the number, the request, the challenge
 */

static void
on_conflict_response (SignetWindow *self,
                      const char   *response)
{
  if (g_strcmp0 (response, SIGNET_CONFLICT_RESPONSE_FORCE) == 0)
    request_verification (self, (self->request_flags & ~SIGNET_REQUEST_FLAGS_FALLBACK) |
                                SIGNET_REQUEST_FLAGS_FORCE);
  else if (g_strcmp0 (response, SIGNET_CONFLICT_RESPONSE_OTHER) == 0)
    {
      go_to_page (self, "number");
      signet_number_page_focus_number (self->number_page);
    }
}

static void
show_conflict (SignetWindow *self)
{
  GtkWidget *dialog = signet_conflict_dialog_new (GTK_WINDOW (self), self->international,
                                                  signet_server_page_get_domain (self->server_page));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_verification_requested (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(SignetWindow) self = user_data;
  SignetRegistration *registration = SIGNET_REGISTRATION (source);
  g_autoptr(SignetChallenge) challenge = NULL;
  g_autoptr(GError) error = NULL;

  challenge = signet_registration_request_finish (registration, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || registration != self->registration)
    return;

  set_busy (self, BUSY_NONE, NULL);

  if (challenge == NULL)
    {
      if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CONFLICT))
        {
          show_conflict (self);
          return;
        }

      if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_TERMS_NOT_ACCEPTED))
        {
          go_to_page (self, "server");
          signet_server_page_show_terms (self->server_page,
                                         signet_registration_get_terms_url (self->registration));
        }

      show_error (self, error);
      return;
    }

  g_set_object (&self->challenge, challenge);

  /* TODO(verification): start generating the personal key in the
   * background here, so it is ready when the code is typed. */

  signet_challenge_page_set_challenge (self->challenge_page, challenge, self->international);
  go_to_page (self, "challenge");
  signet_challenge_page_focus (self->challenge_page);

  if (self->request_flags & SIGNET_REQUEST_FLAGS_FALLBACK)
    toast (self, _("The server is trying another way"));
}

static void
request_verification (SignetWindow       *self,
                      SignetRequestFlags  flags)
{
  g_autofree char *status = NULL;

  if (self->registration == NULL || self->e164 == NULL)
    {
      go_to_page (self, "server");
      return;
    }

  dismiss_error (self);
  self->request_flags = flags & ~SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;
  if (signet_server_page_get_terms_accepted (self->server_page))
    flags |= SIGNET_REQUEST_FLAGS_ACCEPT_TERMS;

  /* Translators: the first %s is a server's domain, the second a phone number. */
  status = g_strdup_printf (_("Asking %s to verify %s…"),
                            signet_server_page_get_domain (self->server_page), self->international);
  set_busy (self, BUSY_REQUESTING, status);
  signet_registration_request_async (self->registration, self->e164, flags, -1, self->cancellable,
                                     on_verification_requested, g_object_ref (self));
}

static void
on_confirm_number_response (SignetWindow *self,
                            const char   *response)
{
  if (g_strcmp0 (response, SIGNET_CONFIRM_NUMBER_RESPONSE_SEND) == 0)
    request_verification (self, SIGNET_REQUEST_FLAGS_NONE);
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

  g_free (self->e164);
  self->e164 = g_strdup (signet_phone_number_get_e164 (number));
  g_free (self->international);
  self->international = g_strdup (signet_phone_number_get_international (number));

  dialog = signet_confirm_number_dialog_new (GTK_WINDOW (self), self->international);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_number_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Callbacks
 */

static void
on_visible_page_changed (SignetWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  gtk_window_set_default_widget (GTK_WINDOW (self), get_next_button (self, page));
  if (page == GTK_WIDGET (self->server_page))
    adw_window_title_set_subtitle (self->window_title, NULL);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_can_next_changed (SignetWindow *self)
{
  update_actions (self);
}

static void
on_server_changed (SignetWindow *self)
{
  /* What the previous server said does not apply to this one. */
  drop_registration (self);
  dismiss_error (self);
}

static void
on_challenge_submit (SignetWindow *self,
                     const char   *code)
{
  /* TODO(verification): connect with the bridge certificate and submit
   * @code (NULL for callerid), with the busy state, a Cancel and the
   * "verify" page; on a refused code stay here, keeping the code typed. */
  toast (self, _("Checking the code comes with the next version of Signet."));
}

static void
on_challenge_fallback (SignetWindow *self)
{
  request_verification (self, self->request_flags | SIGNET_REQUEST_FLAGS_FALLBACK);
}

static void
on_challenge_change_number (SignetWindow *self)
{
  go_to_page (self, "number");
  signet_number_page_focus_number (self->number_page);
}

/*
 * Actions
 */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (self->busy != BUSY_NONE || !page_can_next (self, page))
    return;

  if (page == GTK_WIDGET (self->server_page))
    {
      if (self->registration != NULL && self->form_fetched)
        continue_with_form (self);
      else
        connect_server (self);
    }
  else if (page == GTK_WIDGET (self->number_page))
    confirm_number (self);
  else if (page == GTK_WIDGET (self->challenge_page))
    signet_challenge_page_submit (self->challenge_page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (self->busy != BUSY_NONE)
    return;

  if (page == GTK_WIDGET (self->challenge_page))
    go_to_page (self, "number");
  else if (page == GTK_WIDGET (self->number_page))
    go_to_page (self, "server");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);
  BusyStep step = self->busy;

  if (step == BUSY_NONE)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* A half-made connection is of no further use. */
  if (step == BUSY_CONNECTING)
    drop_registration (self);

  set_busy (self, BUSY_NONE, NULL);

  if (step == BUSY_REQUESTING)
    toast (self, _("Cancelled. The server may still send a code; you can ignore it."));
  else
    toast (self, _("Cancelled"));
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SignetWindow *self = SIGNET_WINDOW (widget);

  if (self->busy != BUSY_NONE)
    cancel_action (widget, NULL, NULL);
  else
    back_action (widget, NULL, NULL);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dismiss_error (SIGNET_WINDOW (widget));
}

/*
 * GtkWindow
 */

static gboolean
signet_window_close_request (GtkWindow *window)
{
  SignetWindow *self = SIGNET_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Nothing goes on in the background once the window is gone. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (signet_window_parent_class)->close_request (window);
}

/*
 * GObject
 */

static void
signet_window_dispose (GObject *object)
{
  SignetWindow *self = (SignetWindow *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_WINDOW);

  g_clear_object (&self->registration);
  g_clear_object (&self->challenge);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->toast);
  g_clear_weak_pointer (&self->focus_before_busy);

  G_OBJECT_CLASS (signet_window_parent_class)->dispose (object);
}

static void
signet_window_finalize (GObject *object)
{
  SignetWindow *self = (SignetWindow *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->e164, g_free);
  g_clear_pointer (&self->international, g_free);
  g_clear_pointer (&self->override_domain, g_free);
  g_clear_pointer (&self->override_sha256, g_free);
  g_clear_pointer (&self->error_title, g_free);

  G_OBJECT_CLASS (signet_window_parent_class)->finalize (object);
}

static void
signet_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SignetWindow *self = SIGNET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, signet_window_get_page (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, signet_window_get_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error_title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_window_class_init (SignetWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = signet_window_dispose;
  object_class->finalize = signet_window_finalize;
  object_class->get_property = signet_window_get_property;
  window_class->close_request = signet_window_close_request;

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SIGNET_TYPE_SERVER_PAGE);
  g_type_ensure (SIGNET_TYPE_NUMBER_PAGE);
  g_type_ensure (SIGNET_TYPE_CHALLENGE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_revealer);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_title_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, error_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, server_page);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, number_page);
  gtk_widget_class_bind_template_child (widget_class, SignetWindow, challenge_page);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_can_next_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_challenge_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_challenge_fallback);
  gtk_widget_class_bind_template_callback (widget_class, on_challenge_change_number);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "wizard.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "wizard.dismiss-error", NULL, dismiss_error_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
signet_window_init (SignetWindow *self)
{
  g_autofree char *host = NULL;
  g_autofree char *domain = NULL;

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (SETTINGS_SCHEMA);

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  domain = g_settings_get_string (self->settings, "server");
  host = g_settings_get_string (self->settings, "server-host");
  signet_server_page_set_server (self->server_page, domain, host,
                                 g_settings_get_boolean (self->settings, "direct-tls"));

  on_visible_page_changed (self);
  set_busy (self, BUSY_NONE, NULL);
}

/*
 * Public API
 */

SignetWindow *
signet_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SIGNET_TYPE_WINDOW, "application", application, NULL);
}

void
signet_window_set_server (SignetWindow *self,
                          const char   *domain,
                          const char   *host,
                          gboolean      direct_tls,
                          const char   *trusted_sha256)
{
  g_return_if_fail (SIGNET_IS_WINDOW (self));
  g_return_if_fail (domain != NULL);

  g_free (self->override_domain);
  self->override_domain = g_strdup (domain);
  g_free (self->override_sha256);
  self->override_sha256 = trusted_sha256 ? signet_certificate_normalize_sha256 (trusted_sha256) : NULL;
  self->keep_settings = TRUE;

  signet_server_page_set_server (self->server_page, domain, host, direct_tls);
  drop_registration (self);
  go_to_page (self, "server");
}

const char *
signet_window_get_page (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
signet_window_get_busy (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), FALSE);

  return self->busy != BUSY_NONE;
}

const char *
signet_window_get_error (SignetWindow *self)
{
  g_return_val_if_fail (SIGNET_IS_WINDOW (self), NULL);

  return self->error_title;
}
