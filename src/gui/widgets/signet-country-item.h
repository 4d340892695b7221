/* signet-country-item.h: one row of the country list.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SIGNET_TYPE_COUNTRY_ITEM (signet_country_item_get_type ())

G_DECLARE_FINAL_TYPE (SignetCountryItem, signet_country_item, SIGNET, COUNTRY_ITEM, GObject)

SignetCountryItem *signet_country_item_new              (const char        *region);
/* ISO 3166-1 alpha-2, "IT"; NULL for the "Choose a Country" item. */
const char        *signet_country_item_get_region       (SignetCountryItem *self);
/* Localized, "Italia" */
const char        *signet_country_item_get_name         (SignetCountryItem *self);
guint              signet_country_item_get_calling_code (SignetCountryItem *self);
/* "Italia (+39)": what a screen reader says for the country. */
const char        *signet_country_item_get_label        (SignetCountryItem *self);
/* The label to show, with "+39" isolated left to right so that it keeps
 * its order in a right-to-left language. */
const char        *signet_country_item_get_display_label (SignetCountryItem *self);
/* Whether the country matches what the person typed in a search: its
 * name anywhere, ignoring case and accents, or its calling code ("+39",
 * "39").  @rank is smaller for better matches (the start of the name;
 * the country a bare code dials, then the others with the code).  The
 * "Choose a Country" item matches nothing. */
gboolean           signet_country_item_match            (SignetCountryItem *self,
                                                         const char        *query,
                                                         guint             *rank);
/* By localized name. */
gint               signet_country_item_compare          (SignetCountryItem *a,
                                                         SignetCountryItem *b);

/* "Choose a Country" (no region), then every region libphonenumber knows,
 * sorted by localized name. */
GListModel        *signet_country_item_list_new         (void);
/* The position of @region (NULL: "Choose a Country") in a list made by
 * signet_country_item_list_new(), or GTK_INVALID_LIST_POSITION (G_MAXUINT). */
guint              signet_country_item_list_find        (GListModel        *list,
                                                         const char        *region);

G_END_DECLS
