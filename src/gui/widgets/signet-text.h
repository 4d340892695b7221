/* signet-text.h: small text helpers for the wizard's labels.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* @number with no-break spaces and hyphens, so that a label never breaks
 * a phone number across lines, isolated left to right so that it reads
 * the same inside right-to-left text. */
char *signet_text_dup_unbreakable (const char *number);

/* @text isolated left to right (U+2066 … U+2069): a number, a mask or a
 * sender that must keep its order inside right-to-left text. */
char *signet_text_dup_isolated (const char *text);

/* Lets @label wrap its text anywhere without drawing hyphens: for
 * addresses and fingerprints, where a hyphen reads as part of them. */
void  signet_text_label_set_unhyphenated (GtkLabel *label);

/* An OpenPGP fingerprint in groups of four hexadecimal digits, upper case,
 * five groups a line ("ABCD 0123 … \n …"); anything but hex digits is
 * dropped. */
char *signet_text_dup_fingerprint (const char *fingerprint);

G_END_DECLS
