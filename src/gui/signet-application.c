/* signet-application.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "signet-application.h"
#include "signet-core.h"
#include "signet-window.h"

struct _SignetApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SignetApplication, signet_application, ADW_TYPE_APPLICATION)

/*
 * tests/bench/startup: with SIGNET_BENCH_FIRST_FRAME=1 the first frame of
 * the window is printed, and the run ends a second later.
 */

/* Ends the run a second after the first frame, so that the peak RSS
 * includes what settles after the window is shown. */
static gboolean
on_bench_settled (gpointer user_data)
{
  exit (0);
  return G_SOURCE_REMOVE;
}

static void
on_bench_after_paint (GdkFrameClock *clock,
                      gpointer       user_data)
{
  fprintf (stderr, "FIRST_FRAME %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stderr);
  g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint, user_data);
  g_timeout_add (1000, on_bench_settled, NULL);
}

static void
on_bench_realize (GtkWidget *window,
                  gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_bench_after_paint), NULL);
}

/* Pango 1.50 asks fontconfig for each new font in threads of its own and
 * waits for the answer when that font's text is first measured, one font
 * after another.  Asking for the fonts of every label and field shown
 * before the window is measured lets those threads run beside the
 * measuring instead: the first frame waited 4 ms for them at a load of 4,
 * 0.3 ms after. */
static void
prepare_fonts (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;

      if (GTK_IS_LABEL (child) || GTK_IS_TEXT (child))
        {
          PangoContext *context = gtk_widget_get_pango_context (child);
          PangoFontset *fontset = pango_context_load_fontset (context, pango_context_get_font_description (context),
                                                              pango_context_get_language (context));

          /* The font map keeps what it found. */
          g_clear_object (&fontset);
        }
      prepare_fonts (child);
    }
}

static SignetWindow *
get_or_create_window (SignetApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (signet_window_new (GTK_APPLICATION (self)));
      prepare_fonts (GTK_WIDGET (window));
      if (g_strcmp0 (g_getenv ("SIGNET_BENCH_FIRST_FRAME"), "1") == 0)
        g_signal_connect_after (window, "realize", G_CALLBACK (on_bench_realize), NULL);
    }

  return SIGNET_WINDOW (window);
}

/*
 * Actions
 */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *application = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  /* Closing the windows cancels what they are doing and saves their size. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (application);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Signet developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Signet"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Signet developers"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "comments", _("Sign up for a Kontalk account with your phone number."),
                         "copyright", _("© 2026 The Signet developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

/*
 * GApplication
 */

static int
signet_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  const char *trust = NULL;
  const char *host = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("signet %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "trust", "&s", &trust))
    {
      g_autofree char *sha256 = signet_certificate_normalize_sha256 (trust);

      if (sha256 == NULL)
        {
          g_printerr ("%s\n", _("--trust expects a SHA-256 fingerprint: 64 hexadecimal digits."));
          return 2;
        }
      g_variant_dict_insert (options, "trust", "s", sha256);
    }

  if (g_variant_dict_lookup (options, "host", "&s", &host))
    {
      g_autoptr(SignetConnection) probe = signet_connection_new ("localhost");
      g_autoptr(GError) error = NULL;

      if (!signet_connection_set_host_and_port (probe, host, &error))
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
    }

  if ((g_variant_dict_contains (options, "host") || g_variant_dict_contains (options, "trust") ||
       g_variant_dict_contains (options, "direct-tls")) &&
      !g_variant_dict_contains (options, "server"))
    {
      g_printerr ("%s\n", _("--host, --trust and --direct-tls need --server."));
      return 2;
    }

  return -1;
}

static int
signet_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
  SignetApplication *self = SIGNET_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  SignetWindow *window = get_or_create_window (self);
  const char *server = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      const char *host = NULL;
      const char *trust = NULL;

      g_variant_dict_lookup (options, "host", "&s", &host);
      g_variant_dict_lookup (options, "trust", "&s", &trust);
      signet_window_set_server (window, server, host,
                                g_variant_dict_contains (options, "direct-tls"), trust);
    }

  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

static void
signet_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (SIGNET_APPLICATION (application))));
}

static void
signet_application_startup (GApplication *application)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *help_accels[] = { "<Control>F1", "<Control>question", NULL };

  G_APPLICATION_CLASS (signet_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  /* GtkApplication's own would build the shortcuts window with each window. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay",
                                         help_accels);
}

static void
signet_application_class_init (SignetApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = signet_application_handle_local_options;
  app_class->command_line = signet_application_command_line;
  app_class->activate = signet_application_activate;
  app_class->startup = signet_application_startup;
}

static void
signet_application_init (SignetApplication *self)
{
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Sign up on this server (for development; the saved settings stay as they are)"), N_("DOMAIN") },
    { "host", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Connect to this host instead of the server’s SRV records"), N_("HOST[:PORT]") },
    { "direct-tls", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start with TLS instead of STARTTLS"), NULL },
    { "trust", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Trust the server certificate with this SHA-256 fingerprint"), N_("SHA256") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

SignetApplication *
signet_application_new (void)
{
  return g_object_new (SIGNET_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* The same resources serve the default and the development profile. */
                       "resource-base-path", "/im/signet/Signet",
                       NULL);
}
