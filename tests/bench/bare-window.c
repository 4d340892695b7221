/* bare-window.c: the baseline for tests/bench/startup, an AdwApplication
 * with an empty AdwApplicationWindow of the wizard's size (a header bar and
 * nothing else).  It prints "FIRST_FRAME <monotonic µs>" on stderr after
 * its first frame is painted, and exits.  Compiled by the benchmark.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include <adwaita.h>

/* Ends the run a second after the first frame, so that the peak RSS
 * includes what settles after the window is shown. */
static gboolean
on_bench_settled (gpointer user_data)
{
  exit (0);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  fprintf (stderr, "FIRST_FRAME %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stderr);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, user_data);
  g_timeout_add (1000, on_bench_settled, NULL);
}

static void
on_realize (GtkWidget *window,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static void
on_activate (GtkApplication *application)
{
  GtkWidget *window = adw_application_window_new (application);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Bare");
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 720);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = adw_application_new ("im.signet.Signet.BenchBare",
                                                               G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
