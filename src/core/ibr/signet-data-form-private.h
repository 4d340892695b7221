/* signet-data-form-private.h: what the form, field and media files share
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-data-form.h"

G_BEGIN_DECLS

/* Forms come from servers we do not control before we are even logged in, so
 * every list a server can make us allocate is capped. */
#define SIGNET_DATA_FORM_MAX_ITEMS 1000
/* And every string, in bytes, before anything looks at it (a form over a
 * cap is refused as malformed, docs/architecture.md lists the caps):
 * field names (var), option labels and types: no real form comes near; */
#define SIGNET_DATA_FORM_MAX_NAME 1024
/* titles, instructions, field labels and descriptions: a few paragraphs; */
#define SIGNET_DATA_FORM_MAX_TEXT (16 * 1024)
/* values, which may carry a server's opaque token or a captcha challenge. */
#define SIGNET_DATA_FORM_MAX_VALUE (64 * 1024)
/* Media sizes above this many pixels are dropped like unreadable ones: they
 * are only a layout hint. */
#define SIGNET_DATA_FORM_MAX_MEDIA_SIZE 4096

/* What one parse needs besides the tree: the Bits of Binary found under the
 * scope, indexed on first use (see signet-data-form-media.c). */
typedef struct
{
  SignetXmlNode *bob_scope;
  GHashTable    *bob;
} SignetDataFormParseContext;

void                 signet_data_form_parse_context_clear (SignetDataFormParseContext *context);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignetDataFormParseContext, signet_data_form_parse_context_clear)

/* Server text may be long or odd; keeps error messages readable. */
char                *signet_data_form_quote_for_error     (const char                 *text);
/* g_set_str(), which is GLib 2.76: TRUE if *@target changed. */
gboolean             signet_data_form_set_string          (char                      **target,
                                                           const char                 *value);
/* A GPtrArray of strings that can be handed out as a NULL-terminated array. */
GPtrArray           *signet_data_form_strv_new            (void);
const char * const  *signet_data_form_strv_view           (GPtrArray                  *array);
/* Sets MALFORMED for a field with too many items; returns FALSE. */
gboolean             signet_data_form_set_too_many        (GError                    **error,
                                                           const char                 *what);

SignetDataFormMedia *signet_data_form_media_new           (void);
void                 signet_data_form_media_free          (gpointer                    data);
SignetDataFormMedia *signet_data_form_media_parse         (SignetXmlNode              *node,
                                                           SignetDataFormParseContext *context,
                                                           GError                    **error);
void                 signet_data_form_media_to_xml        (SignetDataFormMedia        *media,
                                                           SignetXmlNode              *parent);

SignetDataFormField *signet_data_form_field_new           (SignetDataFormFieldType     type,
                                                           const char                 *var,
                                                           const char                 *label);
SignetDataFormField *signet_data_form_field_parse         (SignetXmlNode              *node,
                                                           SignetDataFormParseContext *context,
                                                           GError                    **error);
void                 signet_data_form_field_to_xml        (SignetDataFormField        *self,
                                                           SignetXmlNode              *parent);

G_END_DECLS
