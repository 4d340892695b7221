/* signet-link-text.h: servers' text with its https addresses as links.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether @uri is an https address with a host: the only kind of address
 * Signet offers to open. */
gboolean signet_link_text_is_https (const char *uri);

/* @text (plain text from a server) as Pango markup in which https addresses
 * are links; http and other addresses stay plain text, never something to
 * click.  Punctuation that ends a sentence is not taken into an address. */
char    *signet_link_text_dup_markup (const char *text);

/* Opens @uri in the browser if it is https, for @widget's window.  Returns
 * TRUE always, so it can end a GtkLabel::activate-link handler: addresses
 * that are not https are never opened. */
gboolean signet_link_text_open (GtkWidget  *widget,
                                const char *uri);

G_END_DECLS
