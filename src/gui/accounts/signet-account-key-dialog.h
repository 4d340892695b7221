/* signet-account-key-dialog.h: a Kontalk account's key for another device:
 * "Back Up Key" writes a key pack file, "Link a Device" uploads the key and
 * shows the one-time code as a QR code and as text; and its replacement:
 * "Replace Key" makes a new key that the server certifies.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_ACCOUNT_KEY_DIALOG (signet_account_key_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetAccountKeyDialog, signet_account_key_dialog, SIGNET, ACCOUNT_KEY_DIALOG, AdwWindow)

/* Asks for the export password twice, then for a file, and writes the key
 * pack there with signet_account_key_export_async(). */
SignetAccountKeyDialog *signet_account_key_dialog_new_backup          (GtkWindow              *parent,
                                                                       SignetAccount          *account);
/* Asks for the export password twice, uploads the key with
 * signet_account_key_link_async() on a connection like @settings, and
 * shows the code. */
SignetAccountKeyDialog *signet_account_key_dialog_new_link            (GtkWindow              *parent,
                                                                       SignetAccount          *account,
                                                                       SignetConnection       *settings);
/* Says what replacing the key means, then replaces it with
 * signet_key_rollover_async() on a connection like @settings and shows the
 * new fingerprint. */
SignetAccountKeyDialog *signet_account_key_dialog_new_replace         (GtkWindow              *parent,
                                                                       SignetAccount          *account,
                                                                       SignetConnection       *settings);

/* Writes the key pack to @path, as choosing it in the file chooser does. */
void                    signet_account_key_dialog_save_to             (SignetAccountKeyDialog *self,
                                                                       const char             *path);
/* Whether the key is being written or uploaded. */
gboolean                signet_account_key_dialog_get_busy            (SignetAccountKeyDialog *self);
/* The error shown, or NULL. */
const char             *signet_account_key_dialog_get_error           (SignetAccountKeyDialog *self);
/* The link code's text, "<E164>;<domain>;<token>", once shown; else NULL. */
const char             *signet_account_key_dialog_get_link_text       (SignetAccountKeyDialog *self);
/* The new key's fingerprint once the key was replaced; else NULL. */
const char             *signet_account_key_dialog_get_new_fingerprint (SignetAccountKeyDialog *self);

G_END_DECLS
