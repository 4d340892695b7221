/* signet-window-steps.c: each step of the sign-up machine on its page,
 * with the focus where the person continues.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-window-private.h"

static char *
dup_international (const char *e164)
{
  g_autoptr(SignetPhoneNumber) number = e164 ? signet_phone_number_parse (e164, NULL, NULL) : NULL;

  return g_strdup (number ? signet_phone_number_get_international (number) : e164);
}

static gboolean
reached_by (SignetWindow         *self,
            SignetSignupOperation operation)
{
  return self->last_operation == operation;
}

/* The server answered: remember it for the next start, and name it. */
static void
server_answered (SignetWindow *self)
{
  const char *host = signet_signup_flow_get_host (self->flow);

  adw_window_title_set_subtitle (self->window_title, signet_signup_flow_get_domain (self->flow));
  if (self->keep_settings)
    return;

  g_settings_set_string (self->settings, "server", signet_signup_flow_get_domain (self->flow));
  g_settings_set_string (self->settings, "server-host", host ? host : "");
  g_settings_set_boolean (self->settings, "direct-tls", signet_signup_flow_get_direct_tls (self->flow));
}

static void
show_server (SignetWindow *self)
{
  const GError *error = signet_signup_flow_get_error (self->flow);
  gboolean only = g_error_matches (error, SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_NOT_OFFERED);

  signet_window_go_to_page (self, "server");
  /* What the server said about signing up stays in view, on its page; when
   * that is all it offers, it is the answer rather than an error. */
  signet_server_page_show_instructions (self->server_page, signet_signup_flow_get_instructions (self->flow), only);
  if (reached_by (self, SIGNET_SIGNUP_OPERATION_DISCARDING))
    gtk_widget_child_focus (GTK_WIDGET (self->server_page), GTK_DIR_TAB_FORWARD);
}

/* An instructions-only server's answer is on the server page, not in the
 * error bar. */
static gboolean
shows_answer (SignetWindow *self)
{
  return g_error_matches (signet_signup_flow_get_error (self->flow), SIGNET_INBAND_ERROR,
                          SIGNET_INBAND_ERROR_NOT_OFFERED) &&
         signet_server_page_get_instructions_shown (self->server_page);
}

static void
show_terms (SignetWindow *self)
{
  if (reached_by (self, SIGNET_SIGNUP_OPERATION_CONNECTING))
    server_answered (self);
  signet_window_go_to_page (self, "server");
  /* The terms appear on the page, with the focus on "I accept". */
  if (signet_signup_flow_get_error (self->flow) != NULL || !signet_server_page_get_terms_shown (self->server_page))
    signet_server_page_show_terms (self->server_page, signet_signup_flow_get_terms_url (self->flow));
}

static void
show_resume (SignetWindow *self)
{
  SignetPendingRegistration *pending = signet_signup_flow_get_pending (self->flow);
  g_autofree char *international = dup_international (signet_pending_registration_get_phone (pending));
  const char *domain = signet_pending_registration_get_domain (pending);

  if (signet_signup_flow_get_error (self->flow) != NULL)
    return;

  signet_resume_page_set_pending (signet_window_get_resume_page (self), international, domain,
                                  signet_pending_registration_get_requested (pending));
  if (signet_pending_registration_get_code_accepted (pending))
    signet_resume_page_set_code_accepted (self->resume_page);
  /* It replaces the first page, so it does not slide in. */
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  signet_window_go_to_page (self, "resume");
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  adw_window_title_set_subtitle (self->window_title, domain);
  gtk_widget_grab_focus (signet_resume_page_get_continue_button (self->resume_page));
}

static void
show_number (SignetWindow *self)
{
  if (reached_by (self, SIGNET_SIGNUP_OPERATION_CONNECTING))
    server_answered (self);
  signet_window_go_to_page (self, "number");
  if (self->focus_number)
    signet_number_page_focus_number (self->number_page);
  self->focus_number = FALSE;
}

/* A sign-up continued from an earlier run brings its own server. */
static void
show_resumed_server (SignetWindow *self)
{
  signet_server_page_set_server (self->server_page, signet_signup_flow_get_domain (self->flow),
                                 signet_signup_flow_get_host (self->flow),
                                 signet_signup_flow_get_direct_tls (self->flow));
  adw_window_title_set_subtitle (self->window_title, signet_signup_flow_get_domain (self->flow));
}

static void
show_code_refused (SignetWindow *self,
                   const GError *error)
{
  SignetChallenge *challenge = signet_signup_flow_get_challenge (self->flow);
  g_autofree char *detail = NULL;

  /* Translators (the three messages): %s is why the server refused the
   * code, a whole sentence with its full stop. */
  if (challenge != NULL && signet_challenge_get_challenge_type (challenge) == SIGNET_CHALLENGE_CALLER_ID)
    detail = g_strdup_printf (_("%s The server did not see your call yet. Call again, then press “I Called”."),
                              error->message);
  else if (challenge != NULL && signet_challenge_get_can_fallback (challenge))
    detail = g_strdup_printf (_("%s Type it again, or choose “Try Another Way” to get a new one."),
                              error->message);
  else
    detail = g_strdup_printf (_("%s Check it and type it again."), error->message);

  signet_window_show_message (self, _("Wrong or Expired Code"), detail, FALSE);
  signet_challenge_page_select_code (self->challenge_page);
}

static void
show_challenge (SignetWindow *self)
{
  SignetChallengePage *page = signet_window_get_challenge_page (self);
  const GError *error = signet_signup_flow_get_error (self->flow);
  gboolean fresh = reached_by (self, SIGNET_SIGNUP_OPERATION_REQUESTING) ||
                   self->last_step == SIGNET_SIGNUP_STEP_RESUME;

  if (self->last_step == SIGNET_SIGNUP_STEP_RESUME)
    show_resumed_server (self);
  if (fresh && error == NULL)
    {
      g_autofree char *international = dup_international (signet_signup_flow_get_e164 (self->flow));

      signet_challenge_page_set_challenge (page, signet_signup_flow_get_challenge (self->flow), international);
    }

  signet_window_update_key_state (self);
  signet_window_go_to_page (self, "challenge");
  if (g_error_matches (error, SIGNET_REGISTRATION_ERROR, SIGNET_REGISTRATION_ERROR_CODE_REFUSED))
    {
      show_code_refused (self, error);
      return;
    }

  signet_window_show_flow_error (self);
  signet_challenge_page_focus (page);
  if (fresh && error == NULL && reached_by (self, SIGNET_SIGNUP_OPERATION_REQUESTING) &&
      signet_signup_flow_get_fallback_used (self->flow))
    signet_window_toast (self, _("Trying another way"));
}

static SignetVerifyStep
verify_step (SignetSignupStage stage)
{
  switch (stage)
    {
    case SIGNET_SIGNUP_STAGE_KEY:
      return SIGNET_VERIFY_STEP_KEY;
    case SIGNET_SIGNUP_STAGE_CODE:
      return SIGNET_VERIFY_STEP_CODE;
    case SIGNET_SIGNUP_STAGE_LOGIN:
      return SIGNET_VERIFY_STEP_LOGIN;
    case SIGNET_SIGNUP_STAGE_DONE:
    default:
      return SIGNET_VERIFY_STEP_DONE;
    }
}

void
signet_window_show_verify_stage (SignetWindow *self)
{
  if (self->verify_page != NULL)
    signet_verify_page_set_step (self->verify_page, verify_step (signet_signup_flow_get_verify_stage (self->flow)));
}

/* The code was taken but logging in did not work: the verify page offers
 * to log in again. */
static void
show_login_failed (SignetWindow *self)
{
  SignetVerifyPage *page = signet_window_get_verify_page (self);

  signet_verify_page_set_step (page, SIGNET_VERIFY_STEP_LOGIN);
  signet_verify_page_set_failed (page, TRUE);
  signet_window_go_to_page (self, "verify");
  signet_window_update_default_widget (self);
  signet_window_show_flow_error (self);
  gtk_widget_grab_focus (signet_verify_page_get_retry_button (page));
}

static void
show_verify (SignetWindow *self)
{
  SignetVerifyPage *page = signet_window_get_verify_page (self);

  if (signet_signup_flow_get_operation (self->flow) != SIGNET_SIGNUP_OPERATION_VERIFYING)
    {
      show_login_failed (self);
      return;
    }

  /* Continued from an earlier run that got past the code. */
  if (self->last_step == SIGNET_SIGNUP_STEP_RESUME)
    show_resumed_server (self);
  signet_verify_page_start (page, signet_signup_flow_get_domain (self->flow),
                            verify_step (signet_signup_flow_get_verify_stage (self->flow)));
  signet_window_go_to_page (self, "verify");
  signet_window_update_default_widget (self);
  /* The progress, not Cancel: the code may have submitted itself, and the
   * Enter pressed right after it must not cancel (Escape does). */
  gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
}

/* Shows a failed submission on the form: under its field when the server
 * said which, at the top otherwise. */
static void
show_form_error (SignetWindow *self,
                 const GError *error)
{
  SignetFormPage *page = signet_window_get_form_page (self);
  SignetDataForm *form = signet_signup_flow_get_form (self->flow);
  const char *field = signet_signup_flow_get_error_field (self->flow);

  if (error->domain != SIGNET_INBAND_ERROR)
    {
      signet_window_show_flow_error (self);
      return;
    }

  /* A new form (a modify error, a new CAPTCHA) keeps what was typed. */
  if (form != NULL && form != signet_form_page_get_form (page))
    signet_form_page_set_form (page, form);

  if (field == NULL || !signet_form_page_show_field_error (page, field, error->message))
    {
      if (field == NULL)
        signet_form_page_show_error (page, error->message);
      signet_form_page_focus (page);
    }
}

static void
show_form (SignetWindow *self)
{
  SignetFormPage *page = signet_window_get_form_page (self);
  const GError *error = signet_signup_flow_get_error (self->flow);
  SignetInbandRegistration *inband = signet_signup_flow_get_inband (self->flow);

  if (reached_by (self, SIGNET_SIGNUP_OPERATION_FETCHING_FORM))
    {
      server_answered (self);
      signet_form_page_set_form (page, signet_inband_registration_get_form (inband));
      signet_form_page_set_instructions (page, signet_inband_registration_get_instructions (inband));
    }
  /* A new form starts at its first field; what is missing is said only
   * once the person tries to go on. */
  signet_window_go_to_page (self, "form");

  if (error != NULL && reached_by (self, SIGNET_SIGNUP_OPERATION_SUBMITTING))
    show_form_error (self, error);
  else
    signet_window_show_flow_error (self);
}

/* Cadmium: what was typed stays; a refusal about one field shows under it. */
static void
show_cadmium (SignetWindow *self)
{
  SignetCadmiumPage *page = signet_window_get_cadmium_page (self);
  SignetCadmiumClient *client = signet_signup_flow_get_cadmium (self->flow);
  const GError *error = signet_signup_flow_get_error (self->flow);

  if (self->last_step == SIGNET_SIGNUP_STEP_SERVER)
    {
      server_answered (self);
      signet_cadmium_page_set_server (page, client != NULL ? signet_cadmium_client_get_server (client) : NULL);
    }
  signet_window_go_to_page (self, "cadmium");

  if (error != NULL && reached_by (self, SIGNET_SIGNUP_OPERATION_REGISTERING) &&
      signet_cadmium_page_show_error (page, error))
    return;

  signet_window_show_flow_error (self);
  if (self->last_step == SIGNET_SIGNUP_STEP_SERVER)
    signet_cadmium_page_focus (page);
}

static void
show_web (SignetWindow *self)
{
  server_answered (self);
  signet_web_signup_page_set_registration (signet_window_get_web_page (self), signet_signup_flow_get_inband (self->flow));
  signet_window_go_to_page (self, "web");
}

static void
show_done (SignetWindow *self)
{
  SignetDonePage *page = signet_window_get_done_page (self);
  SignetAccount *account = signet_signup_flow_get_account (self->flow);
  SignetSignup *signup = signet_signup_flow_get_signup (self->flow);
  SignetVerification *verification = signup != NULL ? signet_signup_get_verification (signup) : NULL;
  g_autofree char *international = dup_international (signet_account_get_phone (account));

  signet_done_page_set_account (page, signet_account_get_server (account), international,
                                signet_account_get_jid (account), signet_account_get_fingerprint (account));
  if (signup == NULL)
    signet_done_page_set_transferred (page, signet_account_get_server (account));
  else if (verification != NULL)
    signet_done_page_set_certification (page,
                                        signet_verification_get_certification_verified (verification),
                                        signet_verification_get_server_fingerprint (verification),
                                        signet_verification_get_certifier_key_id (verification));
  signet_done_page_set_keyring_error (page, signet_signup_flow_get_keyring_error (self->flow));
  signet_window_show_verify_stage (self);
  signet_window_go_to_page (self, "done");
  gtk_widget_grab_focus (signet_done_page_get_close_button (page));
}

static void
show_secret_stored (SignetWindow *self)
{
  SignetDonePage *page = signet_window_get_done_page (self);
  const GError *error = signet_signup_flow_get_keyring_error (self->flow);

  signet_done_page_set_storing (page, FALSE);
  signet_done_page_set_keyring_error (page, error);
  signet_window_update_actions (self);
  if (error == NULL)
    {
      signet_window_toast (self, _("Passphrase saved in the keyring"));
      gtk_widget_grab_focus (signet_done_page_get_close_button (page));
    }
}

static void
show_xmpp_done (SignetWindow *self)
{
  SignetXmppDonePage *page = signet_window_get_xmpp_done_page (self);
  SignetAccount *account = signet_signup_flow_get_account (self->flow);

  signet_xmpp_done_page_set_account (page, signet_account_get_server (account), signet_account_get_jid (account),
                                     signet_signup_flow_get_keyring_error (self->flow));
  signet_xmpp_done_page_set_cadmium (page, signet_account_get_kind (account) == SIGNET_ACCOUNT_KIND_CADMIUM);
  signet_window_go_to_page (self, "xmpp-done");
  gtk_widget_grab_focus (signet_xmpp_done_page_get_close_button (page));
}

static void
show_finished (SignetWindow *self)
{
  SignetAccount *account = signet_signup_flow_get_account (self->flow);

  /* An imported Kontalk account has no sign-up, but its own done page. */
  if (signet_signup_flow_get_signup (self->flow) == NULL &&
      signet_account_get_kind (account) != SIGNET_ACCOUNT_KIND_KONTALK)
    show_xmpp_done (self);
  else if (reached_by (self, SIGNET_SIGNUP_OPERATION_STORING))
    show_secret_stored (self);
  else
    show_done (self);
}

/* Shows @step on its page; the machine's error goes with it. */
void
signet_window_show_step (SignetWindow    *self,
                         SignetSignupStep step)
{
  switch (step)
    {
    case SIGNET_SIGNUP_STEP_UNTRUSTED:
      signet_window_ask_to_trust (self);
      break;
    case SIGNET_SIGNUP_STEP_TERMS:
      show_terms (self);
      break;
    case SIGNET_SIGNUP_STEP_RESUME:
      show_resume (self);
      break;
    case SIGNET_SIGNUP_STEP_NUMBER:
      show_number (self);
      break;
    case SIGNET_SIGNUP_STEP_CONFLICT:
      signet_window_show_conflict (self);
      return;
    case SIGNET_SIGNUP_STEP_CHALLENGE:
      show_challenge (self);
      return;
    case SIGNET_SIGNUP_STEP_VERIFY:
      show_verify (self);
      return;
    case SIGNET_SIGNUP_STEP_FORM:
      show_form (self);
      return;
    case SIGNET_SIGNUP_STEP_WEB:
      show_web (self);
      break;
    case SIGNET_SIGNUP_STEP_CADMIUM:
      show_cadmium (self);
      return;
    case SIGNET_SIGNUP_STEP_DONE:
      show_finished (self);
      return;
    case SIGNET_SIGNUP_STEP_IMPORT:
    case SIGNET_SIGNUP_STEP_LINK:
      signet_window_show_transfer (self, step);
      return;
    case SIGNET_SIGNUP_STEP_SERVER:
    default:
      show_server (self);
      if (shows_answer (self))
        {
          signet_window_dismiss_error (self);
          return;
        }
      break;
    }

  signet_window_show_flow_error (self);
}
