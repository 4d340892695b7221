/* signet-conflict-dialog.h: the number is registered already.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses: "cancel" (close), "other" (default) and "force" (destructive). */
#define SIGNET_CONFLICT_RESPONSE_CANCEL "cancel"
#define SIGNET_CONFLICT_RESPONSE_OTHER  "other"
#define SIGNET_CONFLICT_RESPONSE_FORCE  "force"
/* The account is brought here from the other device (linking). */
#define SIGNET_CONFLICT_RESPONSE_TRANSFER "transfer"

#define SIGNET_TYPE_CONFLICT_DIALOG (signet_conflict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetConflictDialog, signet_conflict_dialog, SIGNET, CONFLICT_DIALOG, AdwMessageDialog)

GtkWidget *signet_conflict_dialog_new (GtkWindow  *parent,
                                       const char *international,
                                       const char *server);

G_END_DECLS
