/* signet-export-password.h: the export password of a key, typed twice.
 * Below Android's minimum it cannot go on; below eight characters it says
 * that the password is weak.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shorter than this, the password works but is weak: said, not refused. */
#define SIGNET_EXPORT_PASSWORD_GOOD_LENGTH 8

#define SIGNET_TYPE_EXPORT_PASSWORD (signet_export_password_get_type ())

G_DECLARE_FINAL_TYPE (SignetExportPassword, signet_export_password, SIGNET, EXPORT_PASSWORD, GtkBox)

GtkWidget  *signet_export_password_new        (void);

/* The password, once both fields agree and it is long enough; else NULL. */
const char *signet_export_password_get_text   (SignetExportPassword *self);
/* Property "ready": whether get_text() returns the password. */
gboolean    signet_export_password_get_ready  (SignetExportPassword *self);
/* Whether the weakness warning is shown. */
gboolean    signet_export_password_get_weak   (SignetExportPassword *self);
/* Shows what is missing and puts the focus where it is missing. */
void        signet_export_password_insist     (SignetExportPassword *self);
/* Puts the focus in the first field. */
void        signet_export_password_grab_focus (SignetExportPassword *self);
/* Empties both fields. */
void        signet_export_password_clear      (SignetExportPassword *self);

/* Signal "activate": Enter in the second field. */

G_END_DECLS
