/* signet-accessible.h: names for controls libadwaita 1.2 leaves nameless,
 * and errors under fields that screen readers read.
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
void signet_accessible_name_buttons     (GtkWidget  *root,
                                         const char *label);
/* Shows @message under the editable row @row, in @label on @error_row,
 * and marks the row and the text inside it invalid: assistive
 * technologies then read @message instead of the row's description.  A
 * NULL @message clears it and gives the description back (NULL: none). */
void signet_accessible_set_field_error (GtkWidget  *row,
                                         GtkWidget  *error_row,
                                         GtkLabel   *label,
                                         const char *description,
                                         const char *message);

G_END_DECLS
