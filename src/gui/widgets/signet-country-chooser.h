/* signet-country-chooser.h: a searchable list of countries, in a dialog.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-country-item.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_COUNTRY_CHOOSER (signet_country_chooser_get_type ())

G_DECLARE_FINAL_TYPE (SignetCountryChooser, signet_country_chooser, SIGNET, COUNTRY_CHOOSER, GtkWindow)

/* @countries: a list made by signet_country_item_list_new().  @region:
 * the country chosen so far, highlighted until the person searches.
 * The dialog emits "chosen" with the region of the country picked and
 * closes; Escape or Cancel close it without a signal. */
GtkWidget *signet_country_chooser_new          (GtkWindow            *parent,
                                                GListModel           *countries,
                                                const char           *region);
/* What the person typed, as if they had. */
void       signet_country_chooser_set_query    (SignetCountryChooser *self,
                                                const char           *query);
/* Chooses the highlighted country, as Enter in the search does; FALSE
 * when nothing matches. */
gboolean   signet_country_chooser_activate     (SignetCountryChooser *self);

/* A country row (an AdwActionRow that opens the chooser) shows @item,
 * "Italy (+39)", and says "Country: Italy (+39)" to screen readers. */
void       signet_country_chooser_show_on_row  (AdwActionRow         *row,
                                                SignetCountryItem    *item);
/* Opens the chooser over @row's window; @chosen is called as a swapped
 * "chosen" handler (@data, then the region).  Chosen or not, the keyboard
 * goes back to @row. */
void       signet_country_chooser_open_for_row (AdwActionRow         *row,
                                                GListModel           *countries,
                                                const char           *region,
                                                GCallback             chosen,
                                                gpointer              data);

G_END_DECLS
