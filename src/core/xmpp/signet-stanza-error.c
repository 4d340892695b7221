/* signet-stanza-error.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-stanza-error.h"

struct _SignetStanzaError
{
  char *condition;
  char *type;
  char *text;
};

G_DEFINE_BOXED_TYPE (SignetStanzaError, signet_stanza_error,
                     signet_stanza_error_copy, signet_stanza_error_free)

SignetStanzaError *
signet_stanza_error_new (const char *condition,
                         const char *type,
                         const char *text)
{
  SignetStanzaError *self = g_new0 (SignetStanzaError, 1);

  self->condition = g_strdup (condition ? condition : "undefined-condition");
  self->type = g_strdup (type ? type : "cancel");
  self->text = g_strdup (text);

  return self;
}

SignetStanzaError *
signet_stanza_error_from_stanza (SignetXmlNode *stanza)
{
  SignetXmlNode *error;
  const char *condition = NULL;
  const char *text = NULL;

  g_return_val_if_fail (stanza != NULL, NULL);

  if (g_strcmp0 (signet_xml_node_get_attribute (stanza, "type"), "error") != 0)
    return NULL;

  error = signet_xml_node_get_child (stanza, "error", NULL);
  if (error == NULL)
    return signet_stanza_error_new (NULL, NULL, NULL);

  for (guint i = 0; i < signet_xml_node_get_n_children (error); i++)
    {
      SignetXmlNode *child = signet_xml_node_get_nth_child (error, i);

      if (!signet_xml_node_is (child, NULL, SIGNET_NS_STANZAS))
        continue;

      if (g_str_equal (signet_xml_node_get_name (child), "text"))
        text = signet_xml_node_get_text (child);
      else if (condition == NULL)
        condition = signet_xml_node_get_name (child);
    }

  return signet_stanza_error_new (condition,
                                  signet_xml_node_get_attribute (error, "type"),
                                  text != NULL && *text != '\0' ? text : NULL);
}

SignetStanzaError *
signet_stanza_error_copy (const SignetStanzaError *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return signet_stanza_error_new (self->condition, self->type, self->text);
}

void
signet_stanza_error_free (SignetStanzaError *self)
{
  if (self == NULL)
    return;

  g_free (self->condition);
  g_free (self->type);
  g_free (self->text);
  g_free (self);
}

const char *
signet_stanza_error_get_condition (const SignetStanzaError *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->condition;
}

const char *
signet_stanza_error_get_error_type (const SignetStanzaError *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->type;
}

const char *
signet_stanza_error_get_text (const SignetStanzaError *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

gboolean
signet_stanza_error_is (const SignetStanzaError *self,
                        const char              *condition,
                        const char              *type)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_strcmp0 (self->condition, condition) == 0 &&
         (type == NULL || g_strcmp0 (self->type, type) == 0);
}
