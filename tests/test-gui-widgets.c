/* test-gui-widgets.c: the wizard's pages and dialogs, one by one.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "signet-certificate-dialog.h"
#include "signet-challenge-page.h"
#include "signet-confirm-number-dialog.h"
#include "signet-country-item.h"
#include "signet-conflict-dialog.h"
#include "signet-number-page.h"
#include "signet-server-page.h"
#include "signet-window.h"

static gpointer
get_child (gpointer    widget,
           GType       type,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static void
set_text (gpointer    widget,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_child (widget, type, name)), text);
}

static const char *
get_text (gpointer    widget,
          GType       type,
          const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (get_child (widget, type, name)));
}

static void
assert_has_label (gpointer    widget,
                  GType       type,
                  const char *name)
{
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (get_child (widget, type, name)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
on_counted (guint *counter)
{
  (*counter)++;
}

/*
 * Server page
 */

static void
test_server_page (void)
{
  GtkWidget *page = g_object_ref_sink (signet_server_page_new ());
  SignetServerPage *server = SIGNET_SERVER_PAGE (page);
  guint changes = 0;

  g_signal_connect_swapped (page, "changed", G_CALLBACK (on_counted), &changes);

  assert_has_label (page, SIGNET_TYPE_SERVER_PAGE, "domain_row");
  assert_has_label (page, SIGNET_TYPE_SERVER_PAGE, "host_row");
  assert_has_label (page, SIGNET_TYPE_SERVER_PAGE, "direct_tls_switch");

  /* Filling the fields is not an edit. */
  signet_server_page_set_server (server, "beta.kontalk.net", NULL, FALSE);
  g_assert_true (signet_server_page_get_can_next (server));
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "beta.kontalk.net");
  g_assert_null (signet_server_page_get_host (server));
  g_assert_cmpuint (changes, ==, 0);

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "");
  g_assert_false (signet_server_page_get_can_next (server));
  g_assert_cmpuint (changes, ==, 1);

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "https://example.org/");
  g_assert_false (signet_server_page_get_can_next (server));
  g_assert_true (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_SERVER_PAGE, "domain_error_label")));

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "  example.org ");
  g_assert_true (signet_server_page_get_can_next (server));
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "example.org");
  g_assert_false (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_SERVER_PAGE, "domain_error_label")));

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "host_row", "xmpp.example.org:99999");
  g_assert_false (signet_server_page_get_can_next (server));
  g_assert_true (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_SERVER_PAGE, "host_error_label")));
  set_text (page, SIGNET_TYPE_SERVER_PAGE, "host_row", "xmpp.example.org:5222");
  g_assert_true (signet_server_page_get_can_next (server));
  g_assert_cmpstr (signet_server_page_get_host (server), ==, "xmpp.example.org:5222");

  /* Kontalk's "network|host:port" spelling fills both fields. */
  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "beta.kontalk.net|zeta.kontalk.net:7222");
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "beta.kontalk.net");
  g_assert_cmpstr (signet_server_page_get_host (server), ==, "zeta.kontalk.net:7222");
  g_assert_true (signet_server_page_get_can_next (server));

  /* Terms, when shown, must be accepted; an edit hides them again. */
  signet_server_page_show_terms (server, "https://example.org/terms");
  g_assert_true (signet_server_page_get_terms_shown (server));
  g_assert_false (signet_server_page_get_can_next (server));
  gtk_switch_set_active (get_child (page, SIGNET_TYPE_SERVER_PAGE, "terms_switch"), TRUE);
  g_assert_true (signet_server_page_get_terms_accepted (server));
  g_assert_true (signet_server_page_get_can_next (server));
  gtk_switch_set_active (get_child (page, SIGNET_TYPE_SERVER_PAGE, "direct_tls_switch"), TRUE);
  g_assert_false (signet_server_page_get_terms_shown (server));
  g_assert_true (signet_server_page_get_direct_tls (server));
  g_assert_true (signet_server_page_get_can_next (server));

  g_assert_finalize_object (page);
}

/*
 * Number page
 */

static void
test_number_page_validity (void)
{
  GtkWidget *page = g_object_ref_sink (signet_number_page_new ());
  SignetNumberPage *number = SIGNET_NUMBER_PAGE (page);
  GtkWidget *use_anyway = get_child (page, SIGNET_TYPE_NUMBER_PAGE, "use_anyway_check");
  GtkWidget *hint = get_child (page, SIGNET_TYPE_NUMBER_PAGE, "number_hint_label");

  assert_has_label (page, SIGNET_TYPE_NUMBER_PAGE, "name_row");
  assert_has_label (page, SIGNET_TYPE_NUMBER_PAGE, "country_dropdown");
  assert_has_label (page, SIGNET_TYPE_NUMBER_PAGE, "number_row");

  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "name_row", "Ada Lovelace");
  signet_number_page_set_region (number, "IT");
  g_assert_cmpstr (signet_number_page_get_region (number), ==, "IT");

  /* Empty: the region's example as a hint. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "");
  g_assert_false (signet_number_page_get_can_next (number));
  g_assert_true (gtk_widget_has_css_class (hint, "dim-label"));

  /* Invalid: Next disabled, an error under the field. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "34712345678901234");
  g_assert_false (signet_number_page_get_can_next (number));
  g_assert_null (signet_number_page_get_number (number));
  g_assert_true (gtk_widget_has_css_class (hint, "error"));
  g_assert_true (gtk_widget_get_visible (hint));

  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "34");
  g_assert_false (signet_number_page_get_can_next (number));

  /* Valid: Next enabled, the number formatted as typed. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "3471234567");
  g_assert_true (signet_number_page_get_can_next (number));
  g_assert_cmpstr (get_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row"), ==, "347 123 4567");
  g_assert_cmpstr (signet_phone_number_get_e164 (signet_number_page_get_number (number)), ==, "+393471234567");
  g_assert_false (gtk_widget_get_visible (use_anyway));

  /* Backspace over a space deletes the digit before it. */
  {
    GtkEditable *row = get_child (page, SIGNET_TYPE_NUMBER_PAGE, "number_row");

    gtk_editable_set_position (row, 4);
    gtk_editable_delete_text (row, 3, 4);
    g_assert_cmpstr (gtk_editable_get_text (row), ==, "341 234 567");
    set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "3471234567");
  }

  /* No name, no Next. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "name_row", "   ");
  g_assert_false (signet_number_page_get_can_next (number));
  g_assert_null (signet_number_page_get_display_name (number));
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "name_row", "Ada");
  g_assert_true (signet_number_page_get_can_next (number));
  g_assert_cmpstr (signet_number_page_get_display_name (number), ==, "Ada");

  /* Possible but unknown to the metadata: a warning and "use anyway". */
  signet_number_page_set_region (number, "NL");
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "0979 1234 5678");
  g_assert_true (gtk_widget_get_visible (use_anyway));
  g_assert_true (gtk_widget_has_css_class (hint, "warning"));
  g_assert_false (signet_number_page_get_can_next (number));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (use_anyway), TRUE);
  g_assert_true (signet_number_page_get_can_next (number));
  g_assert_cmpstr (signet_phone_number_get_e164 (signet_number_page_get_number (number)), ==, "+3197912345678");

  g_assert_finalize_object (page);
}

static void
test_number_page_country_from_prefix (void)
{
  GtkWidget *page = g_object_ref_sink (signet_number_page_new ());
  SignetNumberPage *number = SIGNET_NUMBER_PAGE (page);
  GtkDropDown *dropdown = get_child (page, SIGNET_TYPE_NUMBER_PAGE, "country_dropdown");
  GObject *item;

  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "name_row", "Ada");
  signet_number_page_set_region (number, "US");

  /* "+39" typed selects Italy. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "+39");
  g_assert_cmpstr (signet_number_page_get_region (number), ==, "IT");
  item = gtk_drop_down_get_selected_item (dropdown);
  g_assert_nonnull (item);
  g_assert_cmpstr (signet_country_item_get_region (SIGNET_COUNTRY_ITEM (item)), ==, "IT");

  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "+393471234567");
  g_assert_cmpstr (get_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row"), ==, "+39 347 123 4567");
  g_assert_true (signet_number_page_get_can_next (number));

  /* "00" works like "+". */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "0049");
  g_assert_cmpstr (signet_number_page_get_region (number), ==, "DE");

  /* A code shared by several countries keeps the one chosen. */
  signet_number_page_set_region (number, "CA");
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "+1 613");
  g_assert_cmpstr (signet_number_page_get_region (number), ==, "CA");

  g_assert_finalize_object (page);
}

/*
 * Challenge page
 */

static SignetChallenge *
make_challenge (const char *type,
                const char *from,
                gboolean    can_fallback)
{
  g_autoptr(SignetDataForm) form = signet_data_form_new (SIGNET_DATA_FORM_TYPE_FORM);
  g_autoptr(GError) error = NULL;
  SignetChallenge *challenge;

  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_HIDDEN, "FORM_TYPE", "jabber:iq:register");
  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "from", from);
  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "challenge", type);
  if (can_fallback)
    signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_BOOLEAN, "can-fallback", "true");
  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "brand-link", "https://www.example.com/");
  signet_data_form_set_field (form, SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "brand-image-vector",
                              "https://www.example.com/logo.svg");

  challenge = signet_challenge_new_from_form (form, "A test instruction.", &error);
  g_assert_no_error (error);
  return challenge;
}

typedef struct
{
  guint  submits;
  char  *code;
  guint  fallbacks;
  guint  changes;
} Submits;

static void
on_submit (SignetChallengePage *page,
           const char          *code,
           Submits             *submits)
{
  submits->submits++;
  g_free (submits->code);
  submits->code = g_strdup (code);
}

static GtkWidget *
new_challenge_page (Submits *submits)
{
  GtkWidget *page = g_object_ref_sink (signet_challenge_page_new ());

  g_signal_connect (page, "submit", G_CALLBACK (on_submit), submits);
  g_signal_connect_swapped (page, "fallback", G_CALLBACK (on_counted), &submits->fallbacks);
  g_signal_connect_swapped (page, "change-number", G_CALLBACK (on_counted), &submits->changes);

  return page;
}

static void
test_challenge_page_pin (void)
{
  Submits submits = { 0 };
  GtkWidget *page = new_challenge_page (&submits);
  SignetChallengePage *challenge_page = SIGNET_CHALLENGE_PAGE (page);
  g_autoptr(SignetChallenge) challenge = make_challenge ("pin", "12345", TRUE);
  GtkWidget *entry = get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");

  assert_has_label (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");
  signet_challenge_page_set_challenge (challenge_page, challenge, "+39 347 123 4567");
  g_assert_false (signet_challenge_page_get_can_next (challenge_page));
  g_assert_true (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "fallback_row")));
  g_assert_true (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "brand_group")));

  /* Typed digit by digit: the sixth submits. */
  for (const char *digit = "12345"; *digit != '\0'; digit++)
    {
      int position = -1;

      position = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
      gtk_editable_insert_text (GTK_EDITABLE (entry), (char[]) { *digit, '\0' }, 1, &position);
    }
  g_assert_cmpuint (submits.submits, ==, 0);
  {
    int position = 5;

    gtk_editable_insert_text (GTK_EDITABLE (entry), "6", 1, &position);
  }
  g_assert_cmpuint (submits.submits, ==, 1);
  g_assert_cmpstr (submits.code, ==, "123456");
  g_assert_true (signet_challenge_page_get_can_next (challenge_page));

  /* Letters do not go in. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_editable_set_text (GTK_EDITABLE (entry), "ab");
  g_assert_cmpstr (signet_challenge_page_get_code (challenge_page), ==, "");

  /* Pasted with spaces and dashes: cleaned, and submitted. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "654-321");
  g_assert_cmpstr (signet_challenge_page_get_code (challenge_page), ==, "654321");
  g_assert_cmpuint (submits.submits, ==, 2);
  g_assert_cmpstr (submits.code, ==, "654321");
  gtk_editable_set_text (GTK_EDITABLE (entry), "98 76 54 32");
  g_assert_cmpstr (signet_challenge_page_get_code (challenge_page), ==, "987654");

  /* Next submits again, even the same code. */
  signet_challenge_page_submit (challenge_page);
  g_assert_cmpuint (submits.submits, ==, 4);

  /* The same challenge again (after an error) keeps the code. */
  signet_challenge_page_set_challenge (challenge_page, challenge, "+39 347 123 4567");
  g_assert_cmpstr (signet_challenge_page_get_code (challenge_page), ==, "987654");

  gtk_widget_activate_action (page, "challenge.fallback", NULL);
  gtk_widget_activate_action (page, "challenge.change-number", NULL);
  g_assert_cmpuint (submits.fallbacks, ==, 1);
  g_assert_cmpuint (submits.changes, ==, 1);

  g_assert_finalize_object (page);
  g_free (submits.code);
}

static void
test_challenge_page_missed_call (void)
{
  Submits submits = { 0 };
  GtkWidget *page = new_challenge_page (&submits);
  SignetChallengePage *challenge_page = SIGNET_CHALLENGE_PAGE (page);
  g_autoptr(SignetChallenge) challenge = make_challenge ("missedcall", "+39-0612345????", FALSE);
  GtkWidget *entry = get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");
  GtkLabel *sender = get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "sender_label");

  signet_challenge_page_set_challenge (challenge_page, challenge, "+39 347 123 4567");
  g_assert_cmpstr (gtk_label_get_label (sender), ==, "+39-0612345····");
  g_assert_true (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "warning_box")));
  g_assert_false (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "fallback_row")));

  /* The whole calling number pasted: its last four digits. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "+39 06 1234 5678");
  g_assert_cmpstr (signet_challenge_page_get_code (challenge_page), ==, "5678");
  g_assert_cmpuint (submits.submits, ==, 1);
  g_assert_cmpstr (submits.code, ==, "5678");

  g_assert_finalize_object (page);
  g_free (submits.code);
}

static void
test_challenge_page_caller_id (void)
{
  Submits submits = { 0 };
  GtkWidget *page = new_challenge_page (&submits);
  SignetChallengePage *challenge_page = SIGNET_CHALLENGE_PAGE (page);
  g_autoptr(SignetChallenge) challenge = make_challenge ("callerid", "+39-0698765432", TRUE);

  signet_challenge_page_set_challenge (challenge_page, challenge, "+39 347 123 4567");
  g_assert_false (gtk_widget_get_visible (get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_box")));
  g_assert_true (gtk_label_get_selectable (get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "sender_label")));
  g_assert_cmpstr (gtk_label_get_label (get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "sender_label")),
                   ==, "+39 06 9876 5432");
  g_assert_true (signet_challenge_page_get_can_next (challenge_page));

  signet_challenge_page_submit (challenge_page);
  g_assert_cmpuint (submits.submits, ==, 1);
  g_assert_null (submits.code);

  g_assert_finalize_object (page);
}

/*
 * Dialogs and the window
 */

static void
destroy_and_finalize (GtkWidget *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_dialogs (void)
{
  g_autoptr(SignetCertificateInfo) certificate = NULL;
  g_autofree char *grouped = NULL;
  GtkWidget *dialog;

  dialog = signet_confirm_number_dialog_new (NULL, "+39 347 123 4567");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "edit"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "send");
  destroy_and_finalize (dialog);

  dialog = signet_conflict_dialog_new (NULL, "+39 347 123 4567", "example.org");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "cancel"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "other"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "force"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "unsubscribed"));
  destroy_and_finalize (dialog);

  certificate = signet_certificate_info_new ("CN=localhost", "CN=localhost", "2026-01-01", "2027-01-01",
                                             "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                                             "self-signed certificate");
  dialog = signet_certificate_dialog_new (NULL, "localhost", certificate);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_assert_cmpstr (signet_certificate_info_get_sha256 (signet_certificate_dialog_get_certificate (SIGNET_CERTIFICATE_DIALOG (dialog))),
                   ==, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  destroy_and_finalize (dialog);

  grouped = signet_certificate_format_fingerprint ("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  g_assert_cmpstr (grouped, ==,
                   "0011 2233 4455 6677\n8899 AABB CCDD EEFF\n0011 2233 4455 6677\n8899 AABB CCDD EEFF");
}

static void
test_window (void)
{
  SignetWindow *window = signet_window_new (NULL);

  g_assert_cmpstr (signet_window_get_page (window), ==, "server");
  g_assert_false (signet_window_get_busy (window));
  g_assert_nonnull (gtk_window_get_title (GTK_WINDOW (window)));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (window), GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* Back is not possible on the first page; Next is (the default server). */
  signet_window_set_server (window, "example.org", NULL, FALSE, NULL);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL) &&
                  !g_str_equal (signet_window_get_page (window), "server"));
  g_assert_cmpstr (signet_window_get_page (window), ==, "server");

  destroy_and_finalize (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/server-page", test_server_page);
  g_test_add_func ("/gui/number-page/validity", test_number_page_validity);
  g_test_add_func ("/gui/number-page/country-from-prefix", test_number_page_country_from_prefix);
  g_test_add_func ("/gui/challenge-page/pin", test_challenge_page_pin);
  g_test_add_func ("/gui/challenge-page/missed-call", test_challenge_page_missed_call);
  g_test_add_func ("/gui/challenge-page/caller-id", test_challenge_page_caller_id);
  g_test_add_func ("/gui/dialogs", test_dialogs);
  g_test_add_func ("/gui/window", test_window);

  return g_test_run ();
}
