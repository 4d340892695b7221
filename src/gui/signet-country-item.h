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
/* "Italia (+39)": what the list shows and what its search matches. */
const char        *signet_country_item_get_label        (SignetCountryItem *self);

/* "Choose a Country" (no region), then every region libphonenumber knows,
 * sorted by localized name. */
GListModel        *signet_country_item_list_new         (void);
/* The position of @region (NULL: "Choose a Country") in a list made by
 * signet_country_item_list_new(), or GTK_INVALID_LIST_POSITION (G_MAXUINT). */
guint              signet_country_item_list_find        (GListModel        *list,
                                                         const char        *region);

G_END_DECLS
