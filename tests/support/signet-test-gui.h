/* signet-test-gui.h: helpers for the GUI tests: waiting on the main loop,
 * finding windows, and screenshots at 1024 and 360 px, light and dark.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-test-async.h"

G_BEGIN_DECLS

/* gtk_test_init() and adw_init(), the application's style sheet (as
 * AdwApplication loads it), no animations, and the screenshot folder
 * ($SIGNET_SCREENSHOTS, else a folder under the temporary directory). */
void        signet_test_gui_init            (int                   *argc,
                                             char                ***argv);
const char *signet_test_gui_get_screenshot_dir (void);
/* The parts of signet_test_gui_init() for a test that sets GTK up itself. */
void        signet_test_gui_load_style_sheet (void);
void        signet_test_gui_set_up_screenshots (void);

/* Runs the main loop until @predicate is TRUE; fails the test after
 * @seconds (what it waited for is named by @what). */
void        signet_test_gui_wait_until      (SignetTestPredicate    predicate,
                                             gpointer               data,
                                             guint                  seconds,
                                             const char            *what);
/* Lets layout settle: waits until the frame clock has ticked a few times. */
void        signet_test_gui_wait_for_frames (GtkWidget             *widget);
/* Runs the main loop until nothing is pending. */
void        signet_test_gui_flush           (void);

/* The first visible toplevel of @type, or NULL. */
GtkWindow  *signet_test_gui_find_toplevel   (GType                  type);
/* Waits for one and returns it. */
GtkWindow  *signet_test_gui_wait_for_toplevel (GType                type);

/* The first widget under @root (depth first) of @type whose name is @name
 * (any name when NULL), or NULL. */
GtkWidget  *signet_test_gui_find_widget     (GtkWidget             *root,
                                             GType                  type,
                                             const char            *name);
/* The widget under @widget that a GtkBuilder built with @id, in a template
 * or later (as a page builds a group the first time it shows it); fails the
 * test if there is none. */
gpointer    signet_test_gui_get_built       (gpointer               widget,
                                             const char            *id);
/* The template child @name of @widget, an instance of @type; fails the
 * test if there is none. */
gpointer    signet_test_gui_get_child       (gpointer               widget,
                                             GType                  type,
                                             const char            *name);
/* Every GtkLabel under @root whose label contains @text, or NULL. */
GtkLabel   *signet_test_gui_find_label      (GtkWidget             *root,
                                             const char            *text);

/* Resizes @window so that the window itself is @width × @height. */
void        signet_test_gui_resize          (GtkWindow             *window,
                                             int                    width,
                                             int                    height);
void        signet_test_gui_save_png        (GtkWidget             *widget,
                                             const char            *path);
/* Saves @window as NAME-WIDTH-SCHEME.png for widths 1024 and 360 and the
 * light and dark schemes; with @dialog, also NAME-dialog-WIDTH-SCHEME.png
 * of the dialog as it is.  The window is left at @rest_width × 720. */
void        signet_test_gui_shoot           (GtkWindow             *window,
                                             GtkWindow             *dialog,
                                             const char            *name,
                                             int                    rest_width);

/* The same, calling @before_save (@data) before each picture is taken
 * (to scroll, for example). */
void        signet_test_gui_shoot_with      (GtkWindow             *window,
                                             GtkWindow             *dialog,
                                             const char            *name,
                                             int                    rest_width,
                                             void                 (*before_save) (gpointer data),
                                             gpointer               data);

G_END_DECLS
