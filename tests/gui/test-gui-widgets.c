/* test-gui-widgets.c: the wizard's pages and dialogs, one by one.
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
#include "signet-country-chooser.h"
#include "signet-country-item.h"
#include "signet-conflict-dialog.h"
#include "signet-done-page.h"
#include "signet-number-page.h"
#include "signet-resume-page.h"
#include "signet-server-page.h"
#include "signet-test-gui.h"
#include "signet-text.h"
#include "signet-verify-page.h"
#include "signet-window.h"

static void
set_text (gpointer    widget,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (signet_test_gui_get_child (widget, type, name)), text);
}

static const char *
get_text (gpointer    widget,
          GType       type,
          const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (signet_test_gui_get_child (widget, type, name)));
}

static void
assert_has_label (gpointer    widget,
                  GType       type,
                  const char *name)
{
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (signet_test_gui_get_child (widget, type, name)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
}

/* The same for a widget a page builds when first needed. */
static void
assert_built_has_label (gpointer    widget,
                        const char *id)
{
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (signet_test_gui_get_built (widget, id)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
expand_advanced (gpointer page)
{
  adw_expander_row_set_expanded (signet_test_gui_get_child (page, SIGNET_TYPE_SERVER_PAGE, "advanced_row"), TRUE);
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
  /* The advanced rows are built when "Advanced" is first expanded. */
  expand_advanced (page);
  assert_built_has_label (page, "host_row");
  assert_built_has_label (page, "direct_tls_switch");

  /* Filling the fields is not an edit. */
  signet_server_page_set_server (server, "beta.kontalk.net", NULL, FALSE);
  g_assert_true (signet_server_page_get_can_next (server));
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "beta.kontalk.net");
  g_assert_null (signet_server_page_get_host (server));
  g_assert_cmpuint (changes, ==, 0);

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "");
  g_assert_false (signet_server_page_get_can_next (server));
  g_assert_cmpuint (changes, ==, 1);

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "example.org:5222");
  g_assert_false (signet_server_page_get_can_next (server));
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_SERVER_PAGE, "domain_error_row")));

  /* A pasted web address or xmpp: URI gives its host. */
  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "https://example.org/signup");
  g_assert_true (signet_server_page_get_can_next (server));
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "example.org");
  g_assert_cmpstr (gtk_editable_get_text (signet_test_gui_get_child (page, SIGNET_TYPE_SERVER_PAGE, "domain_row")), ==, "example.org");
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_SERVER_PAGE, "domain_error_row")));
  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "xmpp:ada@example.net/phone?register");
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "example.net");
  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "xmpp://ada@example.com/support@example.org?message");
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "example.org");
  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "https://");
  g_assert_false (signet_server_page_get_can_next (server));

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "  example.org ");
  g_assert_true (signet_server_page_get_can_next (server));
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "example.org");
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_SERVER_PAGE, "domain_error_row")));

  gtk_editable_set_text (signet_test_gui_get_built (page, "host_row"), "xmpp.example.org:99999");
  g_assert_false (signet_server_page_get_can_next (server));
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_built (page, "host_error_row")));
  gtk_editable_set_text (signet_test_gui_get_built (page, "host_row"), "xmpp.example.org:5222");
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
  gtk_switch_set_active (signet_test_gui_get_built (page, "terms_switch"), TRUE);
  g_assert_true (signet_server_page_get_terms_accepted (server));
  g_assert_true (signet_server_page_get_can_next (server));
  gtk_switch_set_active (signet_test_gui_get_built (page, "direct_tls_switch"), TRUE);
  g_assert_false (signet_server_page_get_terms_shown (server));
  g_assert_true (signet_server_page_get_direct_tls (server));
  g_assert_true (signet_server_page_get_can_next (server));

  g_assert_finalize_object (page);
}

/* An invitation link gives its server and keeps its token for it. */
static void
test_server_page_invite (void)
{
  GtkWidget *page = g_object_ref_sink (signet_server_page_new ());
  SignetServerPage *server = SIGNET_SERVER_PAGE (page);

  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "xmpp:invite.example?register;preauth=T0K3N");
  g_assert_cmpstr (signet_server_page_get_domain (server), ==, "invite.example");
  g_assert_cmpstr (signet_server_page_get_invite_token (server), ==, "T0K3N");
  g_assert_true (signet_server_page_get_can_next (server));
  g_assert_cmpstr (gtk_editable_get_text (signet_test_gui_get_child (page, SIGNET_TYPE_SERVER_PAGE, "domain_row")), ==, "invite.example");
  expand_advanced (page);
  gtk_editable_set_text (signet_test_gui_get_built (page, "host_row"), "xmpp.invite.example");
  g_assert_cmpstr (signet_server_page_get_invite_token (server), ==, "T0K3N");
  gtk_editable_set_text (signet_test_gui_get_built (page, "host_row"), "");
  set_text (page, SIGNET_TYPE_SERVER_PAGE, "domain_row", "other.example");
  g_assert_null (signet_server_page_get_invite_token (server));

  g_assert_finalize_object (page);
}

/*
 * Number page
 */

/* Enter in a field, as GtkText emits it. */
static void
press_enter (GtkWidget  *page,
             const char *row)
{
  GtkEditable *editable = signet_test_gui_get_child (page, SIGNET_TYPE_NUMBER_PAGE, row);

  g_signal_emit_by_name (gtk_editable_get_delegate (editable), "activate");
}

static void
test_number_page_validity (void)
{
  GtkWidget *page = g_object_ref_sink (signet_number_page_new ());
  SignetNumberPage *number = SIGNET_NUMBER_PAGE (page);
  GtkWidget *use_anyway = signet_test_gui_get_child (page, SIGNET_TYPE_NUMBER_PAGE, "use_anyway_check");
  GtkWidget *hint = signet_test_gui_get_child (page, SIGNET_TYPE_NUMBER_PAGE, "number_hint_label");

  assert_has_label (page, SIGNET_TYPE_NUMBER_PAGE, "name_row");
  assert_has_label (page, SIGNET_TYPE_NUMBER_PAGE, "country_row");
  assert_has_label (page, SIGNET_TYPE_NUMBER_PAGE, "number_row");

  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "name_row", "Ada Lovelace");
  signet_number_page_set_region (number, "IT");
  g_assert_cmpstr (signet_number_page_get_region (number), ==, "IT");

  /* Empty: the region's example as a hint. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "");
  g_assert_false (signet_number_page_get_can_next (number));
  g_assert_true (gtk_widget_has_css_class (hint, "dim-label"));

  /* Invalid: Next disabled at once; the error under the field only when
   * typing pauses or Enter is pressed, not while the person types. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "34712345678901234");
  g_assert_false (signet_number_page_get_can_next (number));
  g_assert_null (signet_number_page_get_number (number));
  g_assert_false (gtk_widget_has_css_class (hint, "error"));
  press_enter (page, "number_row");
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
    GtkEditable *row = signet_test_gui_get_child (page, SIGNET_TYPE_NUMBER_PAGE, "number_row");

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
  g_assert_false (gtk_widget_get_visible (use_anyway));
  press_enter (page, "number_row");
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
  AdwActionRow *row = signet_test_gui_get_child (page, SIGNET_TYPE_NUMBER_PAGE, "country_row");
  g_autoptr(SignetCountryItem) italy = signet_country_item_new ("IT");

  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "name_row", "Ada");
  signet_number_page_set_region (number, "US");

  /* "+39" typed selects Italy. */
  set_text (page, SIGNET_TYPE_NUMBER_PAGE, "number_row", "+39");
  g_assert_cmpstr (signet_number_page_get_region (number), ==, "IT");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, signet_country_item_get_display_label (italy));

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

static void
on_country_chosen (GtkWidget  *chooser,
                   const char *region,
                   char      **chosen)
{
  g_free (*chosen);
  *chosen = g_strdup (region);
}

static char *
choose_country (GListModel *countries,
                const char *initial,
                const char *query)
{
  GtkWidget *chooser = signet_country_chooser_new (NULL, countries, initial);
  char *chosen = NULL;

  g_signal_connect (chooser, "chosen", G_CALLBACK (on_country_chosen), &chosen);
  if (query != NULL)
    signet_country_chooser_set_query (SIGNET_COUNTRY_CHOOSER (chooser), query);
  if (!signet_country_chooser_activate (SIGNET_COUNTRY_CHOOSER (chooser)))
    gtk_window_destroy (GTK_WINDOW (chooser));

  return chosen;
}

/* The search matches names anywhere, without case or accents, and codes;
 * the best match comes first. */
static void
test_country_chooser (void)
{
  g_autoptr(GListModel) countries = signet_country_item_list_new ();
  g_autoptr(SignetCountryItem) germany = signet_country_item_new ("DE");
  g_autoptr(SignetCountryItem) reunion = signet_country_item_new ("RE");
  struct {
    const char *query;
    const char *region;
  } cases[] = {
    { NULL, "IT" },             /* Enter at once keeps the country */
    { "", "IT" },
    { "germ", "DE" },
    { "GERM", "DE" },
    { "ger", "DE" },            /* before Algeria, Niger, Nigeria */
    { "erman", "DE" },
    { "+33", "FR" },
    { "33", "FR" },
    { "0049", "DE" },
    { "+39", "IT" },            /* before Vatican City */
    { "reunion", "RE" },
    { "zzzz", NULL },
  };
  guint rank;

  g_assert_true (signet_country_item_match (germany, "many", &rank));
  g_assert_cmpuint (rank, ==, 2);
  g_assert_true (signet_country_item_match (reunion, "RÉUN", &rank));
  g_assert_cmpuint (rank, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *chosen = choose_country (countries, "IT", cases[i].query);

      g_assert_cmpstr (chosen, ==, cases[i].region);
    }
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
  guint submits;
  char  *code;
  guint fallbacks;
  guint changes;
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
  GtkWidget *entry = signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");

  assert_has_label (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");
  signet_challenge_page_set_challenge (challenge_page, challenge, "+39 347 123 4567");
  g_assert_false (signet_challenge_page_get_can_next (challenge_page));

  /* The key is made in the background: first "preparing", then "ready". */
  {
    GtkLabel *key_label = signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "key_label");
    GtkStack *key_state = signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "key_state_stack");

    g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "key_box")));
    g_assert_cmpstr (gtk_label_get_label (key_label), ==, "Preparing your encryption key…");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (key_state), ==, "preparing");
    g_object_set (page, "key-ready", TRUE, NULL);
    g_assert_true (signet_challenge_page_get_key_ready (challenge_page));
    g_assert_cmpstr (gtk_label_get_label (key_label), ==, "Encryption key ready");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (key_state), ==, "ready");
    signet_challenge_page_set_key_ready (challenge_page, FALSE);
    signet_challenge_page_set_key_error (challenge_page, "No entropy.");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (key_state), ==, "failed");
    g_assert_nonnull (strstr (gtk_label_get_label (key_label), "No entropy."));
    signet_challenge_page_set_key_ready (challenge_page, TRUE);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (key_state), ==, "ready");
  }
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "fallback_row")));
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "brand_group")));

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

  /* A refused code is marked and selected; typed again, it goes in again. */
  signet_challenge_page_select_code (challenge_page);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  {
    int start, end;

    g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
    g_assert_cmpint (start, ==, 0);
    g_assert_cmpint (end, ==, 6);
  }
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "987654");
  g_assert_cmpuint (submits.submits, ==, 5);

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
  GtkWidget *entry = signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_entry");
  GtkLabel *sender = signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "sender_label");

  signet_challenge_page_set_challenge (challenge_page, challenge, "+39 347 123 4567");
  /* On one line (a no-break hyphen) and in order in right-to-left text. */
  g_assert_cmpstr (gtk_label_get_label (sender), ==, "\u2066+39\u20110612345····\u2069");
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "warning_box")));
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "fallback_row")));

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
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "code_box")));
  g_assert_true (gtk_label_get_selectable (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "sender_label")));
  g_assert_cmpstr (gtk_label_get_label (signet_test_gui_get_child (page, SIGNET_TYPE_CHALLENGE_PAGE, "sender_label")),
                   ==, "\u2066+39\u00a006\u00a09876\u00a05432\u2069");
  g_assert_true (signet_challenge_page_get_can_next (challenge_page));

  signet_challenge_page_submit (challenge_page);
  g_assert_cmpuint (submits.submits, ==, 1);
  g_assert_null (submits.code);

  g_assert_finalize_object (page);
}

/*
 * Verify, done and resume pages
 */

static void
test_verify_page (void)
{
  GtkWidget *page = g_object_ref_sink (signet_verify_page_new ());
  SignetVerifyPage *verify = SIGNET_VERIFY_PAGE (page);
  GtkProgressBar *progress = signet_test_gui_get_child (page, SIGNET_TYPE_VERIFY_PAGE, "progress_bar");
  GtkLabel *status = signet_test_gui_get_child (page, SIGNET_TYPE_VERIFY_PAGE, "status_label");

  assert_has_label (page, SIGNET_TYPE_VERIFY_PAGE, "progress_bar");
  assert_has_label (page, SIGNET_TYPE_VERIFY_PAGE, "cancel_button");

  /* The key not ready yet: four steps, the first under way. */
  signet_verify_page_start (verify, "example.org", SIGNET_VERIFY_STEP_KEY);
  g_assert_cmpint (signet_verify_page_get_step (verify), ==, SIGNET_VERIFY_STEP_KEY);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 0.0);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Step 1 of 4: Finishing your encryption key");
  g_assert_true (gtk_widget_get_visible (signet_verify_page_get_cancel_button (verify)));
  g_assert_false (gtk_widget_get_visible (signet_verify_page_get_retry_button (verify)));

  signet_verify_page_set_step (verify, SIGNET_VERIFY_STEP_CODE);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 0.25);
  /* Steps never go back. */
  signet_verify_page_set_step (verify, SIGNET_VERIFY_STEP_KEY);
  g_assert_cmpint (signet_verify_page_get_step (verify), ==, SIGNET_VERIFY_STEP_CODE);

  /* The key was ready: the same four steps, the first one done. */
  signet_verify_page_start (verify, "example.org", SIGNET_VERIFY_STEP_CODE);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Step 2 of 4: Checking the code");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 0.25);
  signet_verify_page_set_step (verify, SIGNET_VERIFY_STEP_LOGIN);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Step 4 of 4: Logging in");

  /* A refused login offers to try again instead of Cancel. */
  signet_verify_page_set_failed (verify, TRUE);
  g_assert_true (signet_verify_page_get_failed (verify));
  g_assert_false (gtk_widget_get_visible (signet_verify_page_get_cancel_button (verify)));
  g_assert_true (gtk_widget_get_visible (signet_verify_page_get_retry_button (verify)));
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Failed: Logging in");

  signet_verify_page_set_step (verify, SIGNET_VERIFY_STEP_DONE);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 1.0);

  g_assert_finalize_object (page);
}

static void
test_done_page (void)
{
  GtkWidget *page = g_object_ref_sink (signet_done_page_new ());
  SignetDonePage *done = SIGNET_DONE_PAGE (page);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "The keyring is locked.");
  GtkLabel *fingerprint;

  signet_done_page_set_account (done, "example.org", "+39 347 123 4567",
                                "4bdd4f929f3a1062253e4e496bafba0bdfb5db75@example.org",
                                "0123456789abcdef0123456789ABCDEF01234567");
  g_assert_cmpstr (gtk_label_get_label (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "jid_label")), ==,
                   "4bdd4f929f3a1062253e4e496bafba0bdfb5db75@example.org");
  fingerprint = signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "fingerprint_label");
  g_assert_cmpstr (gtk_label_get_label (fingerprint), ==,
                   "0123 4567 89AB CDEF 0123\n4567 89AB CDEF 0123 4567");
  g_assert_true (gtk_label_get_selectable (fingerprint));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fingerprint), "monospace"));

  /* Checked against the server's key, or plainly not. */
  signet_done_page_set_certification (done, TRUE, "89ABCDEF0123456789ABCDEF0123456789ABCDEF", "0123456789ABCDEF");
  g_assert_cmpstr (gtk_label_get_label (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "certification_title_label")),
                   ==, "Certified by the server");
  g_assert_cmpstr (gtk_label_get_label (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "server_fingerprint_label")),
                   ==, "89AB CDEF 0123 4567 89AB\nCDEF 0123 4567 89AB CDEF");
  signet_done_page_set_certification (done, FALSE, NULL, "0123456789ABCDEF");
  g_assert_cmpstr (gtk_label_get_label (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "certification_title_label")),
                   ==, "The server’s certification could not be verified");
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "server_fingerprint_label")));

  /* The keyring: stored, or the error with Try Again. */
  g_assert_true (signet_done_page_get_keyring_stored (done));
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "keyring_retry_button")));
  signet_done_page_set_keyring_error (done, error);
  g_assert_false (signet_done_page_get_keyring_stored (done));
  g_assert_true (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "keyring_retry_button")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "keyring_row")),
                            "The keyring is locked."));
  assert_has_label (page, SIGNET_TYPE_DONE_PAGE, "keyring_retry_button");
  signet_done_page_set_storing (done, TRUE);
  g_assert_false (gtk_widget_get_sensitive (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "keyring_retry_button")));
  signet_done_page_set_keyring_error (done, NULL);
  g_assert_true (signet_done_page_get_keyring_stored (done));
  g_assert_false (gtk_widget_get_visible (signet_test_gui_get_child (page, SIGNET_TYPE_DONE_PAGE, "keyring_retry_button")));

  g_assert_finalize_object (page);
}

static void
test_resume_page (void)
{
  GtkWidget *page = g_object_ref_sink (signet_resume_page_new ());
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) earlier = g_date_time_add_minutes (now, -1);
  g_autoptr(GDateTime) before = g_date_time_new_local (2026, 3, 3, 14, 5, 0);
  g_autoptr(GDateTime) after = g_date_time_new_local (2026, 3, 4, 9, 0, 0);
  g_autofree char *today = NULL;
  g_autofree char *other_day = NULL;
  g_autofree char *hh_mm = NULL;

  signet_resume_page_set_pending (SIGNET_RESUME_PAGE (page), "+39 347 123 4567", "example.org", earlier);
  g_assert_nonnull (strstr (gtk_label_get_label (signet_test_gui_get_child (page, SIGNET_TYPE_RESUME_PAGE, "description_label")),
                            "example.org"));
  assert_has_label (page, SIGNET_TYPE_RESUME_PAGE, "continue_button");
  assert_has_label (page, SIGNET_TYPE_RESUME_PAGE, "start_over_button");

  /* Today: the time; another day: the date too. */
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (now);
    g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                                       g_date_time_get_day_of_month (local), 12, 34, 0);

    today = signet_resume_page_format_requested (noon, now);
    g_assert_cmpstr (today, ==, "The code was requested at 12:34.");
  }
  other_day = signet_resume_page_format_requested (before, after);
  g_assert_cmpstr (other_day, ==, "The code was requested on 3 March at 14:05.");

  hh_mm = g_date_time_format (earlier, "%H:%M");
  g_assert_true (strstr (gtk_label_get_label (signet_test_gui_get_child (page, SIGNET_TYPE_RESUME_PAGE, "requested_label")),
                         hh_mm) != NULL ||
                 /* Just after midnight, a minute ago was yesterday. */
                 g_date_time_get_hour (now) == 0);

  g_assert_finalize_object (page);
}

static void
test_fingerprint_text (void)
{
  g_autofree char *grouped = signet_text_dup_fingerprint ("01 23 45 67 89ab cdef 0123 4567 89ab cdef 0123 4567");
  g_autofree char *short_one = signet_text_dup_fingerprint ("abcd12");

  g_assert_cmpstr (grouped, ==, "0123 4567 89AB CDEF 0123\n4567 89AB CDEF 0123 4567");
  g_assert_cmpstr (short_one, ==, "ABCD 12");
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

/* Certificate names and times as OpenSSL and GnuTLS print them, for people. */
static void
test_certificate_text (void)
{
  g_auto(GStrv) parts = signet_certificate_split_name ("/C=IT/O=Caf\\xC3\\xA8 Example/CN=host/with/slash");
  g_autofree char *organization = signet_certificate_dup_name_part ("CN = host, O = Example\\, Inc.", "O");
  g_autofree char *common_name = signet_certificate_dup_name_part ("CN=host,O=Example", "cn");
  g_autofree char *none = signet_certificate_dup_name_part ("CN=host", "O");
  g_autoptr(GDateTime) openssl = signet_certificate_parse_time ("Dec  6 19:16:46 2026 GMT");
  g_autoptr(GDateTime) iso = signet_certificate_parse_time ("2026-01-01");
  g_autoptr(GDateTime) bad = signet_certificate_parse_time ("Smarch 6 19:16:46 2026 GMT");

  g_assert_nonnull (parts);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[0], ==, "CN=host/with/slash");
  g_assert_cmpstr (parts[1], ==, "O=Caf\u00e8 Example");
  g_assert_cmpstr (parts[2], ==, "C=IT");
  g_assert_cmpstr (organization, ==, "Example, Inc.");
  g_assert_cmpstr (common_name, ==, "host");
  g_assert_null (none);

  g_assert_nonnull (openssl);
  g_assert_cmpint (g_date_time_get_year (openssl), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (openssl), ==, 12);
  g_assert_cmpint (g_date_time_get_day_of_month (openssl), ==, 6);
  g_assert_cmpint (g_date_time_get_hour (openssl), ==, 19);
  g_assert_cmpint (g_date_time_get_utc_offset (openssl), ==, 0);
  g_assert_nonnull (iso);
  g_assert_cmpint (g_date_time_get_year (iso), ==, 2026);
  g_assert_null (bad);
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
  /* The window looks for a sign-up left by an earlier run: in a folder of
   * the test's own, never in the person's. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();

  g_test_add_func ("/gui/server-page", test_server_page);
  g_test_add_func ("/gui/server-page/invite", test_server_page_invite);
  g_test_add_func ("/gui/number-page/validity", test_number_page_validity);
  g_test_add_func ("/gui/number-page/country-from-prefix", test_number_page_country_from_prefix);
  g_test_add_func ("/gui/country-chooser", test_country_chooser);
  g_test_add_func ("/gui/challenge-page/pin", test_challenge_page_pin);
  g_test_add_func ("/gui/challenge-page/missed-call", test_challenge_page_missed_call);
  g_test_add_func ("/gui/challenge-page/caller-id", test_challenge_page_caller_id);
  g_test_add_func ("/gui/verify-page", test_verify_page);
  g_test_add_func ("/gui/done-page", test_done_page);
  g_test_add_func ("/gui/resume-page", test_resume_page);
  g_test_add_func ("/gui/fingerprint-text", test_fingerprint_text);
  g_test_add_func ("/gui/dialogs", test_dialogs);
  g_test_add_func ("/gui/certificate-text", test_certificate_text);
  g_test_add_func ("/gui/window", test_window);

  return g_test_run ();
}
