/* test-gui-locales.c: the wizard's pages in a translation, for looking at.
 * Run once per language (meson sets LANGUAGE): Italian, and Hebrew for a
 * right-to-left layout.  Screenshots go where the other GUI tests put theirs.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "signet-challenge-page.h"
#include "signet-number-page.h"
#include "signet-server-page.h"
#include "signet-test-gui.h"
#include "signet-window.h"

static const char *
language (void)
{
  const char *lang = g_getenv ("LANGUAGE");

  g_assert_nonnull (lang);
  return lang;
}

static GtkWindow *
window_for (GtkWidget *page)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (window);

  return window;
}

static void
shoot (GtkWidget  *page,
       const char *what)
{
  GtkWindow *window = window_for (page);
  g_autofree char *name = g_strdup_printf ("locale-%s-%s", language (), what);

  signet_test_gui_wait_for_frames (GTK_WIDGET (window));
  signet_test_gui_shoot (window, NULL, name, 480);
  gtk_window_destroy (window);
}

/* The translation is really loaded: a string every page shows differs. */
static void
test_translated (void)
{
  g_assert_cmpstr (_("Back"), !=, "Back");
}

static void
test_direction (void)
{
  GtkTextDirection expected = g_str_has_prefix (language (), "he") ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, expected);
}

static void
test_window (void)
{
  SignetWindow *window = signet_window_new (NULL);
  g_autofree char *name = g_strdup_printf ("locale-%s-window", language ());

  gtk_window_present (GTK_WINDOW (window));
  signet_test_gui_wait_for_frames (GTK_WIDGET (window));
  signet_test_gui_shoot (GTK_WINDOW (window), NULL, name, 480);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_number_page (void)
{
  SignetNumberPage *page = g_object_new (SIGNET_TYPE_NUMBER_PAGE, NULL);

  signet_number_page_set_region (page, g_str_has_prefix (language (), "he") ? "IL" : "IT");
  shoot (GTK_WIDGET (page), "number");
}

static void
test_challenge_pages (void)
{
  g_autoptr(SignetChallenge) pin =
    signet_challenge_new (SIGNET_CHALLENGE_PIN, "12345", TRUE,
                          "A SMS containing a verification code will be sent to the phone number you provided.");
  g_autoptr(SignetChallenge) missed_call =
    signet_challenge_new (SIGNET_CHALLENGE_MISSED_CALL, "+39-0612345????", TRUE, NULL);
  SignetChallengePage *page = g_object_new (SIGNET_TYPE_CHALLENGE_PAGE, NULL);
  SignetChallengePage *second = g_object_new (SIGNET_TYPE_CHALLENGE_PAGE, NULL);

  signet_challenge_page_set_challenge (page, pin, "+39 347 123 4567");
  shoot (GTK_WIDGET (page), "pin");
  signet_challenge_page_set_challenge (second, missed_call, "+39 347 123 4567");
  shoot (GTK_WIDGET (second), "missed-call");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SIGNET_TEST_LOCALEDIR");

  g_assert_nonnull (localedir);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  signet_test_gui_init (&argc, &argv);

  g_test_add_func ("/locale/translated", test_translated);
  g_test_add_func ("/locale/direction", test_direction);
  g_test_add_func ("/locale/window", test_window);
  g_test_add_func ("/locale/number-page", test_number_page);
  g_test_add_func ("/locale/challenge-pages", test_challenge_pages);

  return g_test_run ();
}
