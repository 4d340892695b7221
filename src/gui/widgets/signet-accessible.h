/* signet-accessible.h: names for controls libadwaita 1.2 leaves nameless.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives every button inside @root (not @root itself) the accessible name
 * @label: for widgets libadwaita builds with one unnamed icon button,
 * which a screen reader would announce only as "button". */
void signet_accessible_name_buttons (GtkWidget  *root,
                                     const char *label);

G_END_DECLS
