/* test-gui-flow.c: the real wizard window against signet-devserver,
 * driven through GTK's API, with a screenshot of every page.
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
#include "signet-conflict-dialog.h"
#include "signet-number-page.h"
#include "signet-server-page.h"
#include "signet-test-server.h"
#include "signet-window.h"

#define WAIT_SECONDS 30

typedef struct
{
  SignetTestServer *server;
  SignetWindow     *window;
} Fixture;

static char *screenshot_dir;

/*
 * Waiting
 */

typedef gboolean (*Predicate) (gpointer data);

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Predicate   predicate,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %d s waiting for %s", WAIT_SECONDS, what);
  g_source_remove (source);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static gboolean
ticked_enough (gpointer data)
{
  return *(guint *) data >= 3;
}

/* Lets layout settle: waits until the frame clock has ticked a few times. */
static void
wait_for_frames (GtkWidget *widget)
{
  guint ticks = 0;
  guint id = gtk_widget_add_tick_callback (widget, on_tick, &ticks, NULL);

  wait_until (ticked_enough, &ticks, "frames");
  gtk_widget_remove_tick_callback (widget, id);
}

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

  wait_until (is_on_page, &wait, what);
}

static gboolean
is_idle (gpointer data)
{
  return !signet_window_get_busy (SIGNET_WINDOW (data));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
has_toplevel (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static AdwMessageDialog *
wait_for_dialog (GType type)
{
  wait_until (has_toplevel, GSIZE_TO_POINTER (type), g_type_name (type));
  return ADW_MESSAGE_DIALOG (find_toplevel (type));
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

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The default size counts the client-side decorations' borders too; the
 * screenshots are of the window itself, @width × @height. */
static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  gtk_window_set_default_size (window, width, height);
  wait_for_frames (GTK_WIDGET (window));

  if (gtk_widget_get_width (GTK_WIDGET (window)) != width ||
      gtk_widget_get_height (GTK_WIDGET (window)) != height)
    {
      gtk_window_set_default_size (window,
                                   2 * width - gtk_widget_get_width (GTK_WIDGET (window)),
                                   2 * height - gtk_widget_get_height (GTK_WIDGET (window)));
      wait_for_frames (GTK_WIDGET (window));
    }

  if (gtk_widget_get_width (GTK_WIDGET (window)) != width)
    g_test_message ("The window is %d px wide, not %d", gtk_widget_get_width (GTK_WIDGET (window)), width);
}

static void
shoot (Fixture    *fixture,
       const char *name)
{
  static const int widths[] = { 1024, 360 };
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint dark = 0; dark <= 1; dark++)
      {
        g_autofree char *file = NULL;
        g_autofree char *path = NULL;

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        resize (GTK_WINDOW (window), widths[w], 720);

        file = g_strdup_printf ("%s-%d-%s.png", name, widths[w], dark ? "dark" : "light");
        path = g_build_filename (screenshot_dir, file, NULL);
        save_png (window, path);

        if (dialog != NULL)
          {
            g_autofree char *dialog_file = g_strdup_printf ("%s-dialog-%d-%s.png", name, widths[w],
                                                            dark ? "dark" : "light");
            g_autofree char *dialog_path = g_build_filename (screenshot_dir, dialog_file, NULL);

            wait_for_frames (GTK_WIDGET (dialog));
            save_png (GTK_WIDGET (dialog), dialog_path);
          }
      }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  resize (GTK_WINDOW (window), 480, 720);
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
  wait_for_frames (GTK_WIDGET (fixture->window));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_stop (Fixture *fixture)
{
  GtkWindow *dialog;
  GObject *window;
  gint64 start;

  while ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (dialog);

  /* A cancelled request keeps the window until its callback has run. */
  window = G_OBJECT (g_steal_pointer (&fixture->window));
  g_object_add_weak_pointer (window, (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  start = g_get_monotonic_time ();
  wait_until (is_null, &window, "the window to be finalized");
  g_test_message ("The window was finalized after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);

  g_clear_pointer (&fixture->server, signet_test_server_stop);
}

static gpointer
get_child (gpointer    widget,
           GType       type,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static SignetNumberPage *
get_number_page (Fixture *fixture)
{
  return get_child (fixture->window, SIGNET_TYPE_WINDOW, "number_page");
}

static SignetChallengePage *
get_challenge_page (Fixture *fixture)
{
  return get_child (fixture->window, SIGNET_TYPE_WINDOW, "challenge_page");
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

  gtk_editable_set_text (get_child (page, SIGNET_TYPE_NUMBER_PAGE, "name_row"), name);
  signet_number_page_set_region (page, "IT");
  gtk_editable_set_text (get_child (page, SIGNET_TYPE_NUMBER_PAGE, "number_row"), number);
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
  wait_until (is_idle, fixture->window, "the request");
}

/*
 * The flows
 */

static void
test_trust_and_pin (void)
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
                  find_toplevel (SIGNET_TYPE_CONFIRM_NUMBER_DIALOG) != NULL);
  shoot (&fixture, "04-number-invalid");

  fill_number (&fixture, "Ada Lovelace", "347 123 4567");
  g_assert_true (signet_number_page_get_can_next (get_number_page (&fixture)));
  shoot (&fixture, "05-number-valid");

  send_number (&fixture, "06-confirm");
  wait_for_page (fixture.window, "challenge");
  challenge_page = get_challenge_page (&fixture);
  g_assert_cmpint (signet_challenge_get_challenge_type (signet_challenge_page_get_challenge (challenge_page)),
                   ==, SIGNET_CHALLENGE_PIN);
  code = signet_test_server_wait_for_code (fixture.server, "+393471234567");
  g_assert_cmpuint (strlen (code), ==, 6);
  shoot (&fixture, "07-challenge-pin");

  /* Escape goes back and keeps what was typed. */
  activate (&fixture, "wizard.escape");
  wait_for_page (fixture.window, "number");
  g_assert_cmpstr (gtk_editable_get_text (get_child (get_number_page (&fixture), SIGNET_TYPE_NUMBER_PAGE,
                                                     "number_row")), ==, "347 123 4567");

  fixture_stop (&fixture);
}

static void
test_conflict (void)
{
  const char *args[] = { "--registered", "+393471234567", NULL };
  Fixture fixture = { 0 };
  AdwMessageDialog *dialog;

  fixture_start (&fixture, args, TRUE);
  activate (&fixture, "wizard.next");
  wait_for_page (fixture.window, "number");

  fill_number (&fixture, "Ada Lovelace", "+39 347 123 4567");

  /* Enter in the number advances, as Next does. */
  {
    GtkWidget *row = get_child (get_number_page (&fixture), SIGNET_TYPE_NUMBER_PAGE, "number_row");

    g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
    respond (wait_for_dialog (SIGNET_TYPE_CONFIRM_NUMBER_DIALOG), SIGNET_CONFIRM_NUMBER_RESPONSE_SEND);
    wait_until (is_idle, fixture.window, "the request");
  }

  dialog = wait_for_dialog (SIGNET_TYPE_CONFLICT_DIALOG);
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "number");
  shoot (&fixture, "08-conflict");

  respond (dialog, SIGNET_CONFLICT_RESPONSE_FORCE);
  wait_for_page (fixture.window, "challenge");
  g_assert_null (signet_window_get_error (fixture.window));

  fixture_stop (&fixture);
}

static void
test_terms_and_missed_call (void)
{
  const char *args[] = { "--default-challenge", "missedcall",
                         "--terms-url", "https://example.org/terms", NULL };
  Fixture fixture = { 0 };
  SignetServerPage *server_page;
  SignetChallengePage *challenge_page;

  fixture_start (&fixture, args, TRUE);
  server_page = get_child (fixture.window, SIGNET_TYPE_WINDOW, "server_page");

  /* Terms come first, with an explicit accept. */
  activate (&fixture, "wizard.next");
  wait_until (is_idle, fixture.window, "the form");
  g_assert_cmpstr (signet_window_get_page (fixture.window), ==, "server");
  g_assert_true (signet_server_page_get_terms_shown (server_page));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "wizard.next", NULL) &&
                  !g_str_equal (signet_window_get_page (fixture.window), "server"));
  shoot (&fixture, "09-server-terms");

  gtk_switch_set_active (get_child (server_page, SIGNET_TYPE_SERVER_PAGE, "terms_switch"), TRUE);
  activate (&fixture, "wizard.next");
  wait_for_page (fixture.window, "number");

  fill_number (&fixture, "Ada Lovelace", "347 765 4321");
  send_number (&fixture, NULL);
  wait_for_page (fixture.window, "challenge");

  challenge_page = get_challenge_page (&fixture);
  g_assert_cmpint (signet_challenge_get_challenge_type (signet_challenge_page_get_challenge (challenge_page)),
                   ==, SIGNET_CHALLENGE_MISSED_CALL);
  shoot (&fixture, "10-challenge-missedcall");

  /* Change Number goes back keeping the input. */
  gtk_widget_activate_action (GTK_WIDGET (challenge_page), "challenge.change-number", NULL);
  wait_for_page (fixture.window, "number");
  g_assert_cmpstr (gtk_editable_get_text (get_child (get_number_page (&fixture), SIGNET_TYPE_NUMBER_PAGE,
                                                     "number_row")), ==, "347 765 4321");

  fixture_stop (&fixture);
}

static void
test_caller_id_and_fallback (void)
{
  const char *args[] = { "--default-challenge", "callerid",
                         "--brand-image", "https://verify.example.com/logo.svg",
                         "--brand-link", "https://verify.example.com/", NULL };
  Fixture fixture = { 0 };
  SignetChallengePage *challenge_page;

  fixture_start (&fixture, args, TRUE);
  activate (&fixture, "wizard.next");
  wait_for_page (fixture.window, "number");

  fill_number (&fixture, "Ada Lovelace", "347 555 0101");
  send_number (&fixture, NULL);
  wait_for_page (fixture.window, "challenge");

  challenge_page = get_challenge_page (&fixture);
  g_assert_cmpint (signet_challenge_get_challenge_type (signet_challenge_page_get_challenge (challenge_page)),
                   ==, SIGNET_CHALLENGE_CALLER_ID);
  g_assert_true (signet_challenge_page_get_can_next (challenge_page));
  g_assert_true (gtk_widget_get_visible (get_child (challenge_page, SIGNET_TYPE_CHALLENGE_PAGE, "brand_group")));
  shoot (&fixture, "11-challenge-callerid");

  /* Try Another Way asks again with fallback. */
  g_assert_true (gtk_widget_get_visible (get_child (challenge_page, SIGNET_TYPE_CHALLENGE_PAGE, "fallback_row")));
  gtk_widget_activate_action (GTK_WIDGET (challenge_page), "challenge.fallback", NULL);
  wait_until (is_idle, fixture.window, "the fallback request");
  g_assert_null (signet_window_get_error (fixture.window));
  g_assert_cmpint (signet_challenge_get_challenge_type (signet_challenge_page_get_challenge (challenge_page)),
                   !=, SIGNET_CHALLENGE_CALLER_ID);

  fixture_stop (&fixture);
}

static void
test_not_offered (void)
{
  const char *args[] = { "--no-registration", NULL };
  Fixture fixture = { 0 };

  fixture_start (&fixture, args, TRUE);
  activate (&fixture, "wizard.next");
  wait_until (is_idle, fixture.window, "the form");
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
  g_assert_true (gtk_widget_is_sensitive (get_child (fixture.window, SIGNET_TYPE_WINDOW, "stack")));

  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  const char *dir;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* What AdwApplication does for the real application. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/im/signet/Signet/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  /* No animations: every screenshot shows the end state. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  dir = g_getenv ("SIGNET_SCREENSHOTS");
  screenshot_dir = dir ? g_strdup (dir) : g_build_filename (g_get_tmp_dir (), "signet-screenshots", NULL);
  g_mkdir_with_parents (screenshot_dir, 0755);
  g_test_message ("Screenshots go to %s", screenshot_dir);
  g_printerr ("Screenshots go to %s\n", screenshot_dir);

  g_test_add_func ("/gui/flow/trust-and-pin", test_trust_and_pin);
  g_test_add_func ("/gui/flow/conflict", test_conflict);
  g_test_add_func ("/gui/flow/terms-and-missed-call", test_terms_and_missed_call);
  g_test_add_func ("/gui/flow/caller-id-and-fallback", test_caller_id_and_fallback);
  g_test_add_func ("/gui/flow/not-offered", test_not_offered);
  g_test_add_func ("/gui/flow/cancel", test_cancel);

  return g_test_run ();
}
