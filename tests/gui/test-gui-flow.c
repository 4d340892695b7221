/* test-gui-flow.c: the real wizard window against signet-devserver,
 * driven through GTK's API, with a screenshot of every page.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "signet-certificate-dialog.h"
#include "signet-challenge-page.h"
#include "signet-confirm-number-dialog.h"
#include "signet-conflict-dialog.h"
#include "signet-done-page.h"
#include "signet-form-page.h"
#include "signet-number-page.h"
#include "signet-personal-key.h"
#include "signet-resume-page.h"
#include "signet-server-page.h"
#include "signet-test-gnupg.h"
#include "signet-test-gui.h"
#include "signet-test-secrets.h"
#include "signet-test-server.h"
#include "signet-test-signup.h"
#include "signet-test-xmpp-server.h"
#include "signet-text.h"
#include "signet-verify-page.h"
#include "signet-window.h"

#define WAIT_SECONDS 30

typedef struct
{
  SignetTestServer *server;
  SignetWindow     *window;
} Fixture;

/*
 * Waiting
 */

typedef struct
{
  SignetWindow *window;
  const char   *page;
} PageWait;

static gboolean
is_on_page (gpointer data)
{
  PageWait *wait = data;

  return !signet_window_get_busy (wait->window) &&
         g_strcmp0 (signet_window_get_page (wait->window), wait->page) == 0;
}

static void
wait_for_page (SignetWindow *window,
               const char   *page)
{
  PageWait wait = { window, page };
  g_autofree char *what = g_strdup_printf ("the %s page", page);

  signet_test_gui_wait_until (is_on_page, &wait, WAIT_SECONDS, what);
}

static gboolean
is_idle (gpointer data)
{
  return !signet_window_get_busy (SIGNET_WINDOW (data));
}

static AdwMessageDialog *
wait_for_dialog (GType type)
{
  return ADW_MESSAGE_DIALOG (signet_test_gui_wait_for_toplevel (type));
}

/* What a click on a response button does: respond, then close. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

/*
 * Screenshots: every page at 1024 and 360 px wide, light and dark.
 */

/* The window and the message dialog over it, if any. */
static void
shoot_window (GtkWidget  *window,
              const char *name)
{
  signet_test_gui_shoot (GTK_WINDOW (window), signet_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), name, 480);
}

static void
shoot (Fixture    *fixture,
       const char *name)
{
  shoot_window (GTK_WIDGET (fixture->window), name);
}

/*
 * Fixture
 */

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("im.signet.Signet");

  g_settings_reset (settings, "pinned-certificates");
}

static void
fixture_start (Fixture            *fixture,
               const char * const *args,
               gboolean            trust)
{
  reset_settings ();

  fixture->server = signet_test_server_start (args);
  fixture->window = g_object_ref (signet_window_new (NULL));
  signet_window_set_server (fixture->window,
                            signet_test_server_get_domain (fixture->server),
                            signet_test_server_get_host_and_port (fixture->server),
                            FALSE,
                            trust ? signet_test_server_get_sha256 (fixture->server) : NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  signet_test_gui_wait_for_frames (GTK_WIDGET (fixture->window));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The key made in the background is finished (or failed). */
static gboolean
key_settled (gpointer data)
{
  SignetSignup *signup = signet_window_get_signup (SIGNET_WINDOW (data));

  return signup == NULL || signet_signup_get_challenge (signup) == NULL ||
         signet_signup_get_key_ready (signup) || signet_signup_get_resume_error (signup) != NULL;
}

/* Another process could continue the sign-up. */
static gboolean
is_resumable (gpointer data)
{
  SignetSignup *signup = signet_window_get_signup (SIGNET_WINDOW (data));

  return signup != NULL && (signet_signup_get_resumable (signup) || signet_signup_get_resume_error (signup));
}

static void
destroy_window (SignetWindow *window)
{
  GtkWindow *dialog;
  gint64 start;

  while ((dialog = signet_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (dialog);

  /* A cancelled request keeps the window until its callback has run. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  start = g_get_monotonic_time ();
  signet_test_gui_wait_until (is_null, &window, WAIT_SECONDS, "the window to be finalized");
  g_test_message ("The window was finalized after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
}

static void
fixture_stop (Fixture *fixture)
{
  /* A key left half made would outlive the test. */
  signet_test_gui_wait_until (key_settled, fixture->window, WAIT_SECONDS, "the key");
  destroy_window (g_steal_pointer (&fixture->window));
  g_clear_pointer (&fixture->server, signet_test_server_stop);

  /* Each test has its own GnuPG home, and so its own agent. */
  signet_test_gnupg_stop_default_agent ();
}

/* The pages after the server page are made when first shown. */
static gpointer
get_page (Fixture    *fixture,
          const char *name)
{
  GtkStack *stack = signet_test_gui_get_child (fixture->window, SIGNET_TYPE_WINDOW, "stack");
  GtkWidget *page = gtk_stack_get_child_by_name (stack, name);

  g_assert_nonnull (page);
  return page;
}

static SignetNumberPage *
get_number_page (Fixture *fixture)
{
  return get_page (fixture, "number");
}

static SignetChallengePage *
get_challenge_page (Fixture *fixture)
{
  return get_page (fixture, "challenge");
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL));
}

static void
fill_number (Fixture    *fixture,
             const char *name,
             const char *number)
{
  SignetNumberPage *page = get_number_page (fixture);

  g_autoptr(SignetPhoneNumber) parsed = signet_phone_number_parse (number, "IT", NULL);

  /* A number that parses is the person's: the secrets audit looks for it. */
  if (parsed != NULL)
    signet_test_secrets_add_phone (signet_phone_number_get_e164 (parsed));
  gtk_editable_set_text (signet_test_gui_get_child (page, SIGNET_TYPE_NUMBER_PAGE, "name_row"), name);
  signet_number_page_set_region (page, "IT");
  gtk_editable_set_text (signet_test_gui_get_child (page, SIGNET_TYPE_NUMBER_PAGE, "number_row"), number);
}

/* From the number page: Next, the confirmation, Send Code. */
static void
send_number (Fixture    *fixture,
             const char *screenshot)
{
  AdwMessageDialog *confirm;

  activate (fixture, "wizard.next");
  confirm = wait_for_dialog (SIGNET_TYPE_CONFIRM_NUMBER_DIALOG);
  if (screenshot != NULL)
    shoot (fixture, screenshot);
  respond (confirm, SIGNET_CONFIRM_NUMBER_RESPONSE_SEND);
  signet_test_gui_wait_until (is_idle, fixture->window, WAIT_SECONDS, "the request");
}

static SignetDonePage *
get_done_page (Fixture *fixture)
{
  return get_page (fixture, "done");
}

static SignetVerifyPage *
get_verify_page (Fixture *fixture)
{
  return get_page (fixture, "verify");
}

static const char *
get_label (gpointer    widget,
           GType       type,
           const char *name)
{
  return gtk_label_get_label (signet_test_gui_get_child (widget, type, name));
}

static SignetChallengeType
challenge_type (Fixture *fixture)
{
  return signet_challenge_get_challenge_type (signet_challenge_page_get_challenge (get_challenge_page (fixture)));
}

/* From the server page to the challenge page, with the certificate trusted. */
static void
request_code (Fixture    *fixture,
              const char *number)
{
  activate (fixture, "wizard.next");
  wait_for_page (fixture->window, "number");
  fill_number (fixture, "Ada Lovelace", number);
  send_number (fixture, NULL);
  wait_for_page (fixture->window, "challenge");
}

/* Types @code as a person would, which submits it at its full length. */
static void
type_code (Fixture    *fixture,
           const char *code)
{
  GtkEditable *entry = signet_test_gui_get_child (get_challenge_page (fixture), SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");

  gtk_editable_set_text (entry, code);
}

typedef struct
{
  SignetTestServer *server;
  const char       *e164;
  guint count;
} CodeWait;

static gboolean
has_codes (gpointer data)
{
  CodeWait *wait = data;
  g_autofree char *prefix = g_strdup_printf ("CODE %s ", wait->e164);
  g_auto(GStrv) lines = g_strsplit (signet_test_server_get_output (wait->server), "\n", -1);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      count++;

  return count >= wait->count;
}

/* The code of the @count-th request for @e164 (a new request sends a new one). */
static char *
wait_for_code (Fixture    *fixture,
               const char *e164,
               guint       count)
{
  CodeWait wait = { fixture->server, e164, count };

  signet_test_gui_wait_until (has_codes, &wait, WAIT_SECONDS, "the code");
  return signet_test_server_wait_for_code (fixture->server, e164);
}

static gboolean
key_ready (gpointer data)
{
  SignetSignup *signup = signet_window_get_signup (SIGNET_WINDOW (data));

  return signup != NULL && signet_signup_get_key_ready (signup);
}

/* The done page shows the account that was made for @e164. */
static void
assert_done (Fixture    *fixture,
             const char *e164)
{
  SignetDonePage *page;
  SignetAccount *account;
  g_autofree char *jid = signet_personal_key_make_jid (e164, "localhost");
  g_autofree char *fingerprint = NULL;
  GtkLabel *fingerprint_label;

  wait_for_page (fixture->window, "done");
  g_assert_null (signet_window_get_error (fixture->window));
  account = signet_window_get_account (fixture->window);
  g_assert_nonnull (account);
  page = get_done_page (fixture);
  g_assert_cmpstr (signet_account_get_jid (account), ==, jid);
  g_assert_cmpstr (signet_account_get_phone (account), ==, e164);

  g_assert_cmpstr (get_label (page, SIGNET_TYPE_DONE_PAGE, "jid_label"), ==, jid);
  fingerprint_label = signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "fingerprint_label");
  fingerprint = signet_text_dup_fingerprint (signet_account_get_fingerprint (account));
  g_assert_cmpstr (gtk_label_get_label (fingerprint_label), ==, fingerprint);
  g_assert_true (gtk_label_get_selectable (fingerprint_label));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fingerprint_label), "monospace"));
  /* Groups of four hex digits. */
  g_assert_cmpuint (strlen (fingerprint), ==, 40 + 9);
  g_assert_cmpint (fingerprint[4], ==, ' ');

  /* signet-devserver publishes its key: the certification is checked. */
  g_assert_cmpstr (get_label (page, SIGNET_TYPE_DONE_PAGE, "certification_title_label"), ==,
                   "Certified by the server");
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "server_fingerprint_label")));

  /* The session's keyring is unlocked: the passphrase went in. */
  g_assert_true (signet_done_page_get_keyring_stored (page));
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "keyring_retry_button")));
  g_assert_true (signet_account_get_keyring_stored (account));

  /* The pending sign-up is gone. */
  signet_test_signup_wait_pending_removed ();
}

static char *
lookup_passphrase (const char *jid)
{
  const char *argv[] = { "secret-tool", "lookup", "kind", "kontalk", "server", "localhost", "jid", jid, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);

  return g_strstrip (out);
}

/* After a finished sign-up: the code, the passphrase and the number are in
 * no message the wizard logged, no file but the GnuPG home, and no keyring
 * item but the account's. */
static void
audit_secrets (const char *e164,
               const char *code)
{
  g_autofree char *jid = signet_personal_key_make_jid (e164, "localhost");
  g_autofree char *passphrase = lookup_passphrase (jid);
  const char *secrets[] = { code, passphrase, NULL };
  const char *numbers[] = { e164, e164 + 3, NULL };
  SignetTestSecrets audit = { secrets, numbers, "", NULL, jid };

  /* The account's secret as the wizard stored it, whatever its form. */
  g_assert_cmpuint (strlen (passphrase), >=, 40);
  /* The wizard's log is the audit's already (signet_test_secrets_log_writer). */
  signet_test_secrets_audit (&audit);
}

/*
 * The flows
 */

static void
test_pin (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GSettings) settings = g_settings_new ("im.signet.Signet");
  AdwMessageDialog *dialog;
  const SignetCertificateInfo *certificate;
  g_autofree char *pinned = NULL;
  g_autofree char *code = NULL;
  SignetChallengePage *challenge_page;

  fixture_start (&fixture, NULL, FALSE);
  shoot (&fixture, "01-server");

  /* The development server's certificate is self-signed. */
  activate (&fixture, "wizard.next");
  dialog = wait_for_dialog (SIGNET_TYPE_CERTIFICATE_DIALOG);
  certificate = signet_certificate_dialog_get_certificate (SIGNET_CERTIFICATE_DIALOG (dialog));
  g_assert_cmpstr (signet_certificate_info_get_sha256 (certificate), ==,
                   signet_test_server_get_sha256 (fixture.server));
  shoot (&fixture, "02-certificate");

  /* Trusting pins it and connects again. */
  respond (dialog, SIGNET_CERTIFICATE_RESPONSE_TRUST);
  wait_for_page (fixture.window, "number");
  g_assert_true (g_variant_lookup (g_settings_get_value (settings, "pinned-certificates"),
                                   "localhost", "s", &pinned));
  g_assert_cmpstr (pinned, ==, signet_test_server_get_sha256 (fixture.server));
  shoot (&fixture, "03-number");

  fill_number (&fixture, "Ada Lovelace", "3471234567890123");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "wizard.next", NULL) &&
                  signet_test_gui_find_toplevel (SIGNET_TYPE_CONFIRM_NUMBER_DIALOG) != NULL);
  shoot (&fixture, "04-number-invalid");

  fill_number (&fixture, "Ada Lovelace", "347 123 4567");
  g_assert_true (signet_number_page_get_can_next (get_number_page (&fixture)));
  shoot (&fixture, "05-number-valid");

  send_number (&fixture, "06-confirm");
  wait_for_page (fixture.window, "challenge");
  challenge_page = get_challenge_page (&fixture);
  g_assert_cmpint (challenge_type (&fixture), ==, SIGNET_CHALLENGE_PIN);
  /* The key is made in the background, and the page says so. */
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (challenge_page, SIGNET_TYPE_CHALLENGE_PAGE, "key_box")));
  g_assert_true (signet_challenge_page_get_key_ready (challenge_page) ==
                 signet_signup_get_key_ready (signet_window_get_signup (fixture.window)));
  shoot (&fixture, "07-challenge-pin");

  signet_test_gui_wait_until (key_ready, fixture.window, WAIT_SECONDS, "the key");
  g_assert_true (signet_challenge_page_get_key_ready (challenge_page));
  g_assert_cmpstr (get_label (challenge_page, SIGNET_TYPE_CHALLENGE_PAGE, "key_label"), ==, "Encryption key ready");
  shoot (&fixture, "14-challenge-key-ready");

  code = wait_for_code (&fixture, "+393471234567", 1);
  g_assert_cmpuint (strlen (code), ==, 6);
  type_code (&fixture, code);
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "verify");
  assert_done (&fixture, "+393471234567");
  g_assert_cmpstr (get_label (get_done_page (&fixture), SIGNET_TYPE_DONE_PAGE, "phone_label"), ==,
                   "\u2066+39\u00a0347\u00a0123\u00a04567\u2069");
  shoot (&fixture, "15-done");
  audit_secrets ("+393471234567", code);

  /* Enter closes. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (fixture.window)) ==
                 signet_done_page_get_close_button (get_done_page (&fixture)));

  fixture_stop (&fixture);
}

static void
test_conflict (void)
{
  const char *args[] = { "--registered", "+393471234567", NULL };
  Fixture fixture = { 0 };
  AdwMessageDialog *dialog;
  SignetSignup *signup;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args, TRUE);
  activate (&fixture, "wizard.next");
  wait_for_page (fixture.window, "number");

  fill_number (&fixture, "Ada Lovelace", "+39 347 123 4567");

  /* Enter in the number advances, as Next does. */
  {
    GtkWidget *row = signet_test_gui_get_child (get_number_page (&fixture), SIGNET_TYPE_NUMBER_PAGE, "number_row");

    g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
    respond (wait_for_dialog (SIGNET_TYPE_CONFIRM_NUMBER_DIALOG), SIGNET_CONFIRM_NUMBER_RESPONSE_SEND);
    signet_test_gui_wait_until (is_idle, fixture.window, WAIT_SECONDS, "the request");
  }

  dialog = wait_for_dialog (SIGNET_TYPE_CONFLICT_DIALOG);
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "number");
  shoot (&fixture, "08-conflict");

  /* "I Lost My Old Device" asks again on the same sign-up. */
  signup = signet_window_get_signup (fixture.window);
  g_assert_nonnull (signup);
  respond (dialog, SIGNET_CONFLICT_RESPONSE_FORCE);
  wait_for_page (fixture.window, "challenge");
  g_assert_null (signet_window_get_error (fixture.window));
  g_assert_true (signet_window_get_signup (fixture.window) == signup);

  code = wait_for_code (&fixture, "+393471234567", 1);
  type_code (&fixture, code);
  assert_done (&fixture, "+393471234567");

  fixture_stop (&fixture);
}

static void
test_missed_call (void)
{
  const char *args[] = { "--default-challenge", "missedcall",
                         "--terms-url", "https://example.org/terms", NULL };
  Fixture fixture = { 0 };
  SignetServerPage *server_page;
  SignetChallengePage *challenge_page;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args, TRUE);
  server_page = signet_test_gui_get_child (fixture.window, SIGNET_TYPE_WINDOW, "server_page");

  /* Terms come first, with an explicit accept. */
  activate (&fixture, "wizard.next");
  signet_test_gui_wait_until (is_idle, fixture.window, WAIT_SECONDS, "the form");
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "server");
  g_assert_true (signet_server_page_get_terms_shown (server_page));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "wizard.next", NULL) &&
                  !g_str_equal (signet_window_get_page (fixture.window), "server"));
  shoot (&fixture, "09-server-terms");

  gtk_switch_set_active (signet_test_gui_get_built (server_page, "terms_switch"), TRUE);
  activate (&fixture, "wizard.next");
  wait_for_page (fixture.window, "number");

  fill_number (&fixture, "Ada Lovelace", "347 765 4321");
  send_number (&fixture, NULL);
  wait_for_page (fixture.window, "challenge");

  challenge_page = get_challenge_page (&fixture);
  g_assert_cmpint (challenge_type (&fixture), ==, SIGNET_CHALLENGE_MISSED_CALL);
  shoot (&fixture, "10-challenge-missedcall");

  /* Change Number goes back keeping the input. */
  gtk_widget_activate_action (GTK_WIDGET (challenge_page), "challenge.change-number", NULL);
  wait_for_page (fixture.window, "number");
  g_assert_cmpstr (gtk_editable_get_text (signet_test_gui_get_child (get_number_page (&fixture), SIGNET_TYPE_NUMBER_PAGE,
                                                                     "number_row")), ==, "347 765 4321");

  /* The same number and name again: the same sign-up asks again. */
  {
    SignetSignup *signup = signet_window_get_signup (fixture.window);

    send_number (&fixture, NULL);
    wait_for_page (fixture.window, "challenge");
    g_assert_true (signet_window_get_signup (fixture.window) == signup);
  }

  /* The last digits of the calling number are the code. */
  code = wait_for_code (&fixture, "+393477654321", 2);
  g_assert_cmpuint (strlen (code), ==, 4);
  type_code (&fixture, code);
  assert_done (&fixture, "+393477654321");

  fixture_stop (&fixture);
}

static void
test_caller_id (void)
{
  const char *args[] = { "--default-challenge", "callerid",
                         "--brand-image", "https://verify.example.com/logo.svg",
                         "--brand-link", "https://verify.example.com/", NULL };
  Fixture fixture = { 0 };
  SignetChallengePage *challenge_page;

  fixture_start (&fixture, args, TRUE);
  request_code (&fixture, "347 555 0101");

  challenge_page = get_challenge_page (&fixture);
  g_assert_cmpint (challenge_type (&fixture), ==, SIGNET_CHALLENGE_CALLER_ID);
  g_assert_true (signet_challenge_page_get_can_next (challenge_page));
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (challenge_page, SIGNET_TYPE_CHALLENGE_PAGE, "brand_group")));
  shoot (&fixture, "11-challenge-callerid");

  /* Escape goes back and keeps what was typed. */
  activate (&fixture, "wizard.escape");
  wait_for_page (fixture.window, "number");
  g_assert_cmpstr (gtk_editable_get_text (signet_test_gui_get_child (get_number_page (&fixture), SIGNET_TYPE_NUMBER_PAGE,
                                                                     "number_row")), ==, "347 555 0101");
  send_number (&fixture, NULL);
  wait_for_page (fixture.window, "challenge");

  /* "I Called": no code. */
  activate (&fixture, "wizard.next");
  assert_done (&fixture, "+393475550101");

  fixture_stop (&fixture);
}

static void
test_fallback (void)
{
  const char *args[] = { "--default-challenge", "callerid", NULL };
  Fixture fixture = { 0 };
  SignetChallengePage *challenge_page;
  SignetSignup *signup;
  g_autofree char *fingerprint = NULL;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args, TRUE);
  request_code (&fixture, "347 555 0102");
  signup = signet_window_get_signup (fixture.window);
  signet_test_gui_wait_until (key_ready, fixture.window, WAIT_SECONDS, "the key");
  fingerprint = g_strdup (signet_personal_key_get_fingerprint (signet_signup_get_key (signup)));

  /* Try Another Way asks again with fallback, on the same sign-up. */
  challenge_page = get_challenge_page (&fixture);
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (challenge_page, SIGNET_TYPE_CHALLENGE_PAGE, "fallback_row")));
  gtk_widget_activate_action (GTK_WIDGET (challenge_page), "challenge.fallback", NULL);
  signet_test_gui_wait_until (is_idle, fixture.window, WAIT_SECONDS, "the fallback request");
  g_assert_null (signet_window_get_error (fixture.window));
  g_assert_cmpint (challenge_type (&fixture), ==, SIGNET_CHALLENGE_MISSED_CALL);
  g_assert_true (signet_window_get_signup (fixture.window) == signup);
  g_assert_true (signet_challenge_page_get_key_ready (challenge_page));
  shoot (&fixture, "22-challenge-fallback");

  code = wait_for_code (&fixture, "+393475550102", 2);
  type_code (&fixture, code);
  assert_done (&fixture, "+393475550102");
  /* The key made at the first request is the one certified. */
  g_assert_cmpstr (signet_account_get_fingerprint (signet_window_get_account (fixture.window)), ==, fingerprint);

  fixture_stop (&fixture);
}

static void
test_wrong_code (void)
{
  Fixture fixture = { 0 };
  SignetChallengePage *challenge_page;
  GtkEditable *entry;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  int start = -1;
  int end = -1;

  fixture_start (&fixture, NULL, TRUE);
  request_code (&fixture, "347 123 0001");
  challenge_page = get_challenge_page (&fixture);
  entry = signet_test_gui_get_child (challenge_page, SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");

  /* The code goes in before the key is ready: verify waits for it. */
  code = wait_for_code (&fixture, "+393471230001", 1);
  wrong = g_strdup (code);
  wrong[0] = wrong[0] == '9' ? '1' : wrong[0] + 1;
  type_code (&fixture, wrong);
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "verify");
  wait_for_page (fixture.window, "challenge");

  /* The error stays on the page, with the code kept and selected. */
  g_assert_cmpstr (signet_window_get_error (fixture.window), ==, "Wrong or Expired Code");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, wrong);
  g_assert_true (gtk_editable_get_selection_bounds (entry, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, (int) strlen (wrong));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (entry))));
  shoot (&fixture, "16-challenge-wrong-code");

  type_code (&fixture, code);
  assert_done (&fixture, "+393471230001");

  fixture_stop (&fixture);
}

static void
test_resume (void)
{
  Fixture fixture = { 0 };
  g_autofree char *code = NULL;
  g_autofree char *fingerprint = NULL;
  SignetResumePage *resume_page;

  fixture_start (&fixture, NULL, TRUE);
  request_code (&fixture, "347 123 0002");
  signet_test_gui_wait_until (is_resumable, fixture.window, WAIT_SECONDS, "the sign-up to be saved");
  fingerprint = g_strdup (signet_personal_key_get_fingerprint (signet_signup_get_key (signet_window_get_signup (fixture.window))));

  /* As if Signet had been closed and started again. */
  destroy_window (g_steal_pointer (&fixture.window));
  fixture.window = g_object_ref (signet_window_new (NULL));
  gtk_window_present (GTK_WINDOW (fixture.window));
  signet_test_gui_wait_for_frames (GTK_WIDGET (fixture.window));
  wait_for_page (fixture.window, "resume");

  resume_page = get_page (&fixture, "resume");
  g_assert_nonnull (strstr (get_label (resume_page, SIGNET_TYPE_RESUME_PAGE, "description_label"),
                            "+39\u00a0347\u00a0123\u00a00002"));
  g_assert_true (g_str_has_prefix (get_label (resume_page, SIGNET_TYPE_RESUME_PAGE, "requested_label"),
                                   "The code was requested at "));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (fixture.window)) ==
                 signet_resume_page_get_continue_button (resume_page));
  shoot (&fixture, "19-resume");

  /* Escape does not throw it away. */
  activate (&fixture, "wizard.escape");
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "resume");

  activate (&fixture, "wizard.next");
  wait_for_page (fixture.window, "challenge");
  g_assert_cmpint (challenge_type (&fixture), ==, SIGNET_CHALLENGE_PIN);
  signet_test_gui_wait_until (key_ready, fixture.window, WAIT_SECONDS, "the key to be loaded");

  code = wait_for_code (&fixture, "+393471230002", 1);
  type_code (&fixture, code);
  assert_done (&fixture, "+393471230002");
  g_assert_cmpstr (signet_account_get_fingerprint (signet_window_get_account (fixture.window)), ==, fingerprint);

  fixture_stop (&fixture);
}

static void
test_start_over (void)
{
  Fixture fixture = { 0 };
  g_autofree char *path = signet_pending_registration_get_path ();

  fixture_start (&fixture, NULL, TRUE);
  request_code (&fixture, "347 123 0003");
  signet_test_gui_wait_until (is_resumable, fixture.window, WAIT_SECONDS, "the sign-up to be saved");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  destroy_window (g_steal_pointer (&fixture.window));
  fixture.window = g_object_ref (signet_window_new (NULL));
  gtk_window_present (GTK_WINDOW (fixture.window));
  signet_test_gui_wait_for_frames (GTK_WIDGET (fixture.window));
  wait_for_page (fixture.window, "resume");

  activate (&fixture, "wizard.start-over");
  wait_for_page (fixture.window, "server");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (signet_window_get_signup (fixture.window));

  fixture_stop (&fixture);
}

static gboolean
is_verifying_code (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (signet_window_get_page (fixture->window), "verify") == 0 &&
         signet_verify_page_get_step (get_verify_page (fixture)) == SIGNET_VERIFY_STEP_CODE;
}

static void
test_cancel_verify (void)
{
  /* The second connection is the code step's: slow. */
  const char *args[] = { "--fault-connection", "2", "--delay-ms", "1500", NULL };
  Fixture fixture = { 0 };
  g_autofree char *code = NULL;

  fixture_start (&fixture, args, TRUE);
  request_code (&fixture, "347 123 0004");
  signet_test_gui_wait_until (key_ready, fixture.window, WAIT_SECONDS, "the key");
  code = wait_for_code (&fixture, "+393471230004", 1);
  type_code (&fixture, code);

  signet_test_gui_wait_until (is_verifying_code, &fixture, WAIT_SECONDS, "the code step");
  g_assert_true (signet_window_get_busy (fixture.window));
  g_assert_true (gtk_widget_get_visible (signet_verify_page_get_cancel_button (get_verify_page (&fixture))));
  shoot (&fixture, "17-verify");

  /* Escape cancels at once and goes back to the code, kept. */
  activate (&fixture, "wizard.escape");
  g_assert_false (signet_window_get_busy (fixture.window));
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "challenge");
  g_assert_cmpstr (signet_challenge_page_get_code (get_challenge_page (&fixture)), ==, code);

  fixture_stop (&fixture);
}

static void
test_login_refused (void)
{
  const char *args[] = { "--refuse-login", NULL };
  Fixture fixture = { 0 };
  SignetVerifyPage *verify_page;
  g_autofree char *code = NULL;

  fixture_start (&fixture, args, TRUE);
  request_code (&fixture, "347 123 0005");
  code = wait_for_code (&fixture, "+393471230005", 1);
  type_code (&fixture, code);

  /* The code was taken: the page stays, offering to log in again. */
  wait_for_page (fixture.window, "verify");
  verify_page = get_verify_page (&fixture);
  g_assert_true (signet_verify_page_get_failed (verify_page));
  g_assert_cmpint (signet_verify_page_get_step (verify_page), ==, SIGNET_VERIFY_STEP_LOGIN);
  g_assert_cmpstr (signet_window_get_error (fixture.window), ==, "Login Refused");
  g_assert_true (gtk_widget_get_visible (signet_verify_page_get_retry_button (verify_page)));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (fixture.window)) ==
                 signet_verify_page_get_retry_button (verify_page));
  shoot (&fixture, "18-verify-login-refused");

  /* "Try Logging In Again" logs in again, without the code. */
  activate (&fixture, "wizard.next");
  g_assert_true (signet_window_get_busy (fixture.window));
  wait_for_page (fixture.window, "verify");
  g_assert_true (signet_verify_page_get_failed (verify_page));
  g_assert_cmpstr (signet_window_get_error (fixture.window), ==, "Login Refused");

  /* Back leads to the code. */
  activate (&fixture, "wizard.back");
  wait_for_page (fixture.window, "challenge");

  fixture_stop (&fixture);
}

static void
test_not_offered (void)
{
  const char *args[] = { "--no-registration", NULL };
  Fixture fixture = { 0 };

  fixture_start (&fixture, args, TRUE);
  activate (&fixture, "wizard.next");
  signet_test_gui_wait_until (is_idle, fixture.window, WAIT_SECONDS, "the form");
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "server");
  g_assert_nonnull (signet_window_get_error (fixture.window));
  shoot (&fixture, "12-server-not-offered");

  fixture_stop (&fixture);
}

static void
test_cancel (void)
{
  const char *args[] = { "--delay-ms", "4000", NULL };
  Fixture fixture = { 0 };

  fixture_start (&fixture, args, TRUE);
  activate (&fixture, "wizard.next");
  g_assert_true (signet_window_get_busy (fixture.window));
  shoot (&fixture, "13-server-busy");

  /* Escape cancels the network work at once. */
  activate (&fixture, "wizard.escape");
  g_assert_false (signet_window_get_busy (fixture.window));
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "server");
  g_assert_true (gtk_widget_is_sensitive (signet_test_gui_get_child (fixture.window, SIGNET_TYPE_WINDOW, "stack")));

  fixture_stop (&fixture);
}

/* The done page's other states, which the development server does not
 * produce: a keyring that failed and a certification not checked. */
static void
test_done_states (void)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *page = signet_done_page_new ();
  g_autoptr(GError) error = g_error_new_literal (SIGNET_ACCOUNT_STORE_ERROR,
                                                 SIGNET_ACCOUNT_STORE_ERROR_KEYRING_UNAVAILABLE,
                                                 "No keyring service is running.");

  gtk_widget_set_size_request (window, 360, 294);
  adw_window_set_content (ADW_WINDOW (window), page);
  signet_done_page_set_account (SIGNET_DONE_PAGE (page), "localhost", "+39 347 123 4567",
                                "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5@localhost",
                                "0123456789ABCDEF0123456789ABCDEF01234567");
  signet_done_page_set_certification (SIGNET_DONE_PAGE (page), FALSE, NULL, "89ABCDEF01234567");
  signet_done_page_set_keyring_error (SIGNET_DONE_PAGE (page), error);
  g_assert_false (signet_done_page_get_keyring_stored (SIGNET_DONE_PAGE (page)));
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "keyring_retry_button")));
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "server_fingerprint_label")));

  gtk_window_present (GTK_WINDOW (window));
  signet_test_gui_wait_for_frames (window);
  shoot_window (window, "20-done-keyring-error");

  signet_done_page_set_storing (SIGNET_DONE_PAGE (page), TRUE);
  signet_test_gui_wait_for_frames (window);
  shoot_window (window, "21-done-storing");

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean
form_is_valid (gpointer data)
{
  return signet_form_page_get_valid (SIGNET_FORM_PAGE (data));
}

/* Any XMPP server: Prosody's form, filled in, then the account. */
static void
test_xmpp (void)
{
  static const SignetTestXmppHost hosts[] = { { "open.localhost", NULL }, { NULL } };
  SignetTestXmppServer *server;
  SignetWindow *window;
  GtkStack *stack;
  SignetFormPage *page;
  g_autofree char *username = NULL;
  g_autofree char *jid = NULL;
  Fixture fixture = { 0 };

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY))
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return;
    }

  reset_settings ();
  server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, NULL, hosts);
  signet_test_xmpp_server_wait (server);

  window = fixture.window = g_object_ref (signet_window_new (NULL));
  signet_window_set_server (window, "open.localhost", signet_test_xmpp_server_get_host_and_port (server),
                            FALSE, signet_test_xmpp_server_get_sha256 (server));
  gtk_window_present (GTK_WINDOW (window));
  signet_test_gui_wait_for_frames (GTK_WIDGET (window));

  activate (&fixture, "wizard.next");
  wait_for_page (window, "form");
  g_assert_null (signet_window_get_error (window));

  stack = signet_test_gui_get_child (window, SIGNET_TYPE_WINDOW, "stack");
  page = SIGNET_FORM_PAGE (gtk_widget_get_first_child (gtk_stack_get_child_by_name (stack, "form")));
  g_assert_false (signet_form_page_get_valid (page));
  shoot (&fixture, "30-xmpp-form");

  username = signet_test_xmpp_new_username ("gui");
  gtk_editable_set_text (GTK_EDITABLE (signet_form_page_get_field_row (page, "username")), username);
  signet_test_secrets_add ("correct horse 42");
  gtk_editable_set_text (GTK_EDITABLE (signet_form_page_get_field_row (page, "password")), "correct horse 42");
  gtk_editable_set_text (GTK_EDITABLE (signet_form_page_get_confirm_row (page, "password")), "correct horse 42");
  signet_test_gui_wait_until (form_is_valid, page, WAIT_SECONDS, "a valid form");
  shoot (&fixture, "31-xmpp-form-filled");

  activate (&fixture, "wizard.next");
  wait_for_page (window, "xmpp-done");
  g_assert_null (signet_window_get_error (window));
  jid = g_strconcat (username, "@open.localhost", NULL);
  g_assert_nonnull (signet_window_get_account (window));
  g_assert_cmpstr (signet_account_get_jid (signet_window_get_account (window)), ==, jid);
  shoot (&fixture, "32-xmpp-done");

  destroy_window (g_steal_pointer (&fixture.window));
  signet_test_xmpp_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  /* g_test_init() with ISOLATE_DIRS points the data folders at /dev/null,
   * and at each test's own while it runs: the system's icons and schemas
   * are found now or never. */
  g_auto(GStrv) system_dirs = NULL;

  /* Every message, debug included, goes to the secrets audit, and every
   * test is audited. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (signet_test_secrets_log_writer, NULL, NULL);
  system_dirs = g_strdupv ((char **) g_get_system_data_dirs ());

  g_settings_schema_source_get_default ();
  /* Icons are SVG files, told apart by the MIME database. */
  g_content_type_set_mime_dirs (NULL);

  /* Every test gets its own data folder: its own GnuPG home, pending
   * sign-up and account records.  The paths stay short, as gpg-agent's
   * socket lives in the GnuPG home and a socket path has 107 bytes. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();

  {
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
    g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; system_dirs[i] != NULL; i++)
      g_ptr_array_add (path, g_build_filename (system_dirs[i], "icons", NULL));
    g_ptr_array_add (path, g_strdup ("/usr/share/pixmaps"));
    g_ptr_array_add (path, NULL);
    gtk_icon_theme_set_search_path (theme, (const char * const *) path->pdata);
    g_assert_true (gtk_icon_theme_has_icon (theme, "mail-unread-symbolic"));
  }

  /* What AdwApplication does for the real application. */
  signet_test_gui_load_style_sheet ();

  /* No animations: every screenshot shows the end state. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  signet_test_gui_set_up_screenshots ();
  g_test_message ("Screenshots go to %s", signet_test_gui_get_screenshot_dir ());

  signet_test_secrets_add_func ("/flow/pin", test_pin);
  signet_test_secrets_add_func ("/flow/conflict", test_conflict);
  signet_test_secrets_add_func ("/flow/missedcall", test_missed_call);
  signet_test_secrets_add_func ("/flow/callerid", test_caller_id);
  signet_test_secrets_add_func ("/flow/fallback", test_fallback);
  signet_test_secrets_add_func ("/flow/wrongcode", test_wrong_code);
  signet_test_secrets_add_func ("/flow/resume", test_resume);
  signet_test_secrets_add_func ("/flow/startover", test_start_over);
  signet_test_secrets_add_func ("/flow/cancelverify", test_cancel_verify);
  signet_test_secrets_add_func ("/flow/login", test_login_refused);
  signet_test_secrets_add_func ("/flow/notoffered", test_not_offered);
  signet_test_secrets_add_func ("/flow/cancel", test_cancel);
  signet_test_secrets_add_func ("/flow/done", test_done_states);
  signet_test_secrets_add_func ("/flow/xmpp", test_xmpp);

  return g_test_run ();
}
