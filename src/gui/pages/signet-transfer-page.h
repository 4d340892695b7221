/* signet-transfer-page.h: bringing an existing Kontalk account here: the
 * export password of a key pack, or the text of another device's link and
 * its password.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  SIGNET_TRANSFER_PAGE_IMPORT,
  SIGNET_TRANSFER_PAGE_LINK,
} SignetTransferPageMode;

#define SIGNET_TYPE_TRANSFER_PAGE (signet_transfer_page_get_type ())

G_DECLARE_FINAL_TYPE (SignetTransferPage, signet_transfer_page, SIGNET, TRANSFER_PAGE, AdwBin)

GtkWidget  *signet_transfer_page_new             (SignetTransferPageMode mode);
SignetTransferPageMode signet_transfer_page_get_mode (SignetTransferPage *self);
/* The key pack's file name, as shown. */
void        signet_transfer_page_set_file        (SignetTransferPage *self,
                                                  const char         *name);
const char *signet_transfer_page_get_text        (SignetTransferPage *self);
void        signet_transfer_page_set_text        (SignetTransferPage *self,
                                                  const char         *text);
/* Whether the text is a usable link; @problem says what is wrong (NULL
 * for an empty text, which needs no telling). */
void        signet_transfer_page_set_text_valid  (SignetTransferPage *self,
                                                  gboolean            valid,
                                                  const char         *problem);
const char *signet_transfer_page_get_password    (SignetTransferPage *self);
/* Shows why the import failed under the password, kept for correction. */
void        signet_transfer_page_show_error      (SignetTransferPage *self,
                                                  const char         *title,
                                                  const char         *detail);
void        signet_transfer_page_clear_error     (SignetTransferPage *self);
GtkWidget  *signet_transfer_page_get_next_button (SignetTransferPage *self);

G_END_DECLS
