/* signet-confirm-number-dialog.h: "Is this number correct?"
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses: "edit" (close) and "send" (default). */
#define SIGNET_CONFIRM_NUMBER_RESPONSE_EDIT "edit"
#define SIGNET_CONFIRM_NUMBER_RESPONSE_SEND "send"

#define SIGNET_TYPE_CONFIRM_NUMBER_DIALOG (signet_confirm_number_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetConfirmNumberDialog, signet_confirm_number_dialog, SIGNET, CONFIRM_NUMBER_DIALOG, AdwMessageDialog)

/* @international: the number in international format, shown large. */
GtkWidget *signet_confirm_number_dialog_new (GtkWindow  *parent,
                                             const char *international);

G_END_DECLS
