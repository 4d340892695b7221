/* signet-certificate-dialog.h: trust a server whose certificate fails verification?
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-core.h"

G_BEGIN_DECLS

/* Responses: "cancel" (close, default) and "trust" (destructive). */
#define SIGNET_CERTIFICATE_RESPONSE_CANCEL "cancel"
#define SIGNET_CERTIFICATE_RESPONSE_TRUST  "trust"

#define SIGNET_TYPE_CERTIFICATE_DIALOG (signet_certificate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetCertificateDialog, signet_certificate_dialog, SIGNET, CERTIFICATE_DIALOG, AdwMessageDialog)

GtkWidget                   *signet_certificate_dialog_new             (GtkWindow                   *parent,
                                                                        const char                  *server,
                                                                        const SignetCertificateInfo *certificate);
const SignetCertificateInfo *signet_certificate_dialog_get_certificate (SignetCertificateDialog     *self);

/* "ab12cd…" → "AB12 CD34 EF56 7890\n…": four groups of four per line. */
char                        *signet_certificate_format_fingerprint     (const char                  *sha256);

G_END_DECLS
