/* signet-data-form-media.h: XEP-0221 media in a data form field
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An XEP-0221 media element: one size, several URIs, maybe inline data. */
typedef struct _SignetDataFormMedia SignetDataFormMedia;

guint        signet_data_form_media_get_width    (SignetDataFormMedia *media);
guint        signet_data_form_media_get_height   (SignetDataFormMedia *media);
guint        signet_data_form_media_get_n_uris   (SignetDataFormMedia *media);
const char  *signet_data_form_media_get_uri      (SignetDataFormMedia *media,
                                                  guint                n,
                                                  const char         **mime_type);
/* The bytes of the first cid: URI resolved from Bits of Binary (or of a
 * base64 data: URI), or NULL.  @mime_type is the <data>'s type, else the
 * URI's, else "application/octet-stream": never NULL with bytes. */
GBytes      *signet_data_form_media_get_data     (SignetDataFormMedia *media,
                                                  const char         **mime_type);

G_END_DECLS
