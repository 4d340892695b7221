/* signet-stanza-error.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "signet-xml-node.h"

G_BEGIN_DECLS

/* An RFC 6120 §8.3 stanza error as the server sent it: what Signet keys on
 * (condition, type) and what it shows as detail (text). */
typedef struct _SignetStanzaError SignetStanzaError;

#define SIGNET_TYPE_STANZA_ERROR (signet_stanza_error_get_type ())

GType              signet_stanza_error_get_type      (void) G_GNUC_CONST;
SignetStanzaError *signet_stanza_error_new           (const char              *condition,
                                                      const char              *type,
                                                      const char              *text);
/* Reads the <error/> child of an iq of type "error"; NULL for other stanzas.
 * A missing or unknown condition reads as "undefined-condition". */
SignetStanzaError *signet_stanza_error_from_stanza   (SignetXmlNode           *stanza);
SignetStanzaError *signet_stanza_error_copy          (const SignetStanzaError *self);
void               signet_stanza_error_free          (SignetStanzaError       *self);
const char        *signet_stanza_error_get_condition (const SignetStanzaError *self);
/* "cancel", "modify", "wait", "auth", "continue" */
const char        *signet_stanza_error_get_error_type (const SignetStanzaError *self);
/* The server's human-readable text, or NULL. */
const char        *signet_stanza_error_get_text      (const SignetStanzaError *self);
gboolean           signet_stanza_error_is            (const SignetStanzaError *self,
                                                      const char              *condition,
                                                      const char              *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetStanzaError, signet_stanza_error_free)

G_END_DECLS
