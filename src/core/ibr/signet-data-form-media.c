/* signet-data-form-media.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-data-form-private.h"

/*
 * Bits of Binary and base64
 */

/* g_base64_decode() silently skips any byte outside the alphabet, so garbage
 * would decode to garbage; check the text first, allowing only whitespace
 * (servers wrap long lines) and missing padding. */
static GBytes *
decode_base64 (const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  guchar *decoded;
  gsize decoded_len = 0;
  guint padding = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;

      if (*p == '=')
        padding++;
      else if (padding > 0)
        return NULL;
      else if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/')
        return NULL;

      g_string_append_c (clean, *p);
    }

  if (padding > 2 || clean->len == padding)
    return NULL;

  if (padding > 0 && clean->len % 4 != 0)
    return NULL;

  if (clean->len % 4 == 1)
    return NULL;

  while (clean->len % 4 != 0)
    g_string_append_c (clean, '=');

  decoded = g_base64_decode (clean->str, &decoded_len);
  if (decoded_len == 0)
    {
      g_free (decoded);
      return NULL;
    }

  return g_bytes_new_take (decoded, decoded_len);
}

/* A parse context's Bits of Binary (lower-case cid → BobData) are indexed
 * once so that many cid: URIs cannot make us walk a large stanza (or decode a
 * large image) over and over. */
typedef struct
{
  SignetXmlNode *node;
  GBytes        *bytes;
  gboolean decoded;
} BobData;

static void
bob_data_free (gpointer data)
{
  BobData *bob = data;

  g_clear_pointer (&bob->bytes, g_bytes_unref);
  g_free (bob);
}

void
signet_data_form_parse_context_clear (SignetDataFormParseContext *context)
{
  g_clear_pointer (&context->bob, g_hash_table_unref);
}

/* Iterative, because the scope is a whole stanza from the network; children
 * are pushed last-first so that the first <data> in document order wins. */
static GHashTable *
index_bob_data (SignetXmlNode *scope)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, bob_data_free);
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();

  g_ptr_array_add (pending, scope);

  while (pending->len > 0)
    {
      SignetXmlNode *node = g_ptr_array_steal_index_fast (pending, pending->len - 1);
      guint n_children = signet_xml_node_get_n_children (node);
      const char *cid;

      if (signet_xml_node_is (node, "data", SIGNET_NS_BOB) &&
          (cid = signet_xml_node_get_attribute (node, "cid")) != NULL)
        {
          /* The hash part is hex; servers are not consistent about case. */
          char *key = g_ascii_strdown (cid, -1);

          if (!g_hash_table_contains (index, key))
            {
              BobData *bob = g_new0 (BobData, 1);

              bob->node = node;
              g_hash_table_insert (index, key, bob);
            }
          else
            g_free (key);
        }

      for (guint i = n_children; i > 0; i--)
        g_ptr_array_add (pending, signet_xml_node_get_nth_child (node, i - 1));
    }

  return index;
}

static BobData *
lookup_bob_data (SignetDataFormParseContext *context,
                 const char                 *cid)
{
  g_autofree char *key = NULL;
  BobData *bob;

  if (context->bob_scope == NULL)
    return NULL;

  if (context->bob == NULL)
    context->bob = index_bob_data (context->bob_scope);

  key = g_ascii_strdown (cid, -1);
  bob = g_hash_table_lookup (context->bob, key);
  if (bob != NULL && !bob->decoded)
    {
      bob->bytes = decode_base64 (signet_xml_node_get_text (bob->node));
      bob->decoded = TRUE;
    }

  return bob;
}

/*
 * SignetDataFormMedia
 */

typedef struct
{
  char *uri;
  char *type;
} MediaUri;

struct _SignetDataFormMedia
{
  guint width;
  guint height;
  GPtrArray *uris; /* MediaUri */
  GBytes    *data;
  char      *data_type;
};

static void
media_uri_free (gpointer data)
{
  MediaUri *uri = data;

  g_free (uri->uri);
  g_free (uri->type);
  g_free (uri);
}

SignetDataFormMedia *
signet_data_form_media_new (void)
{
  SignetDataFormMedia *media = g_new0 (SignetDataFormMedia, 1);

  media->uris = g_ptr_array_new_with_free_func (media_uri_free);
  return media;
}

void
signet_data_form_media_free (gpointer data)
{
  SignetDataFormMedia *media = data;

  g_clear_pointer (&media->uris, g_ptr_array_unref);
  g_clear_pointer (&media->data, g_bytes_unref);
  g_clear_pointer (&media->data_type, g_free);
  g_free (media);
}

guint
signet_data_form_media_get_width (SignetDataFormMedia *media)
{
  g_return_val_if_fail (media != NULL, 0);

  return media->width;
}

guint
signet_data_form_media_get_height (SignetDataFormMedia *media)
{
  g_return_val_if_fail (media != NULL, 0);

  return media->height;
}

guint
signet_data_form_media_get_n_uris (SignetDataFormMedia *media)
{
  g_return_val_if_fail (media != NULL, 0);

  return media->uris->len;
}

const char *
signet_data_form_media_get_uri (SignetDataFormMedia *media,
                                guint                n,
                                const char         **mime_type)
{
  MediaUri *uri;

  g_return_val_if_fail (media != NULL, NULL);
  g_return_val_if_fail (n < media->uris->len, NULL);

  uri = g_ptr_array_index (media->uris, n);
  if (mime_type != NULL)
    *mime_type = uri->type;

  return uri->uri;
}

GBytes *
signet_data_form_media_get_data (SignetDataFormMedia *media,
                                 const char         **mime_type)
{
  g_return_val_if_fail (media != NULL, NULL);

  if (mime_type != NULL)
    *mime_type = media->data != NULL ? media->data_type : NULL;

  return media->data;
}

/* data:[<mediatype>][;base64],<data> (RFC 2397); only base64 is worth
 * supporting for images.  Dino accepts these beside cid: URIs. */
static GBytes *
decode_data_uri (const char *uri,
                 char      **mime_type)
{
  const char *comma = strchr (uri, ',');
  g_autofree char *header = NULL;
  g_auto(GStrv) params = NULL;
  guint n_params;

  if (comma == NULL)
    return NULL;

  header = g_strndup (uri + strlen ("data:"), comma - uri - strlen ("data:"));
  params = g_strsplit (header, ";", -1);
  n_params = g_strv_length (params);
  if (n_params < 2 || g_ascii_strcasecmp (params[n_params - 1], "base64") != 0)
    return NULL;

  if (params[0][0] != '\0')
    *mime_type = g_strdup (params[0]);

  return decode_base64 (comma + 1);
}

static GBytes *
resolve_uri (MediaUri                   *uri,
             SignetDataFormParseContext *context,
             char                      **mime_type)
{
  BobData *bob;

  if (g_ascii_strncasecmp (uri->uri, "data:", 5) == 0)
    return decode_data_uri (uri->uri, mime_type);

  if (g_ascii_strncasecmp (uri->uri, "cid:", 4) != 0)
    return NULL;

  bob = lookup_bob_data (context, uri->uri + 4);
  if (bob == NULL || bob->bytes == NULL)
    return NULL;

  *mime_type = g_strdup (signet_xml_node_get_attribute (bob->node, "type"));
  return g_bytes_ref (bob->bytes);
}

static void
media_resolve_data (SignetDataFormMedia        *media,
                    SignetDataFormParseContext *context)
{
  for (guint i = 0; i < media->uris->len && media->data == NULL; i++)
    {
      MediaUri *uri = g_ptr_array_index (media->uris, i);
      g_autofree char *mime_type = NULL;

      media->data = resolve_uri (uri, context, &mime_type);
      if (media->data != NULL)
        media->data_type = mime_type ? g_steal_pointer (&mime_type) : g_strdup (uri->type);
      /* Bytes of no stated type once came with a NULL type (found by
       * fuzzing); they are what RFC 2046 calls unknown bytes. */
      if (media->data != NULL && media->data_type == NULL)
        media->data_type = g_strdup ("application/octet-stream");
    }
}

static guint
parse_dimension (SignetXmlNode *node,
                 const char    *name)
{
  const char *text = signet_xml_node_get_attribute (node, name);
  guint64 value = 0;

  /* A bad size only loses a layout hint; not worth refusing the form. */
  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 0, SIGNET_DATA_FORM_MAX_MEDIA_SIZE, &value, NULL))
    return 0;

  return (guint) value;
}

SignetDataFormMedia *
signet_data_form_media_parse (SignetXmlNode              *node,
                              SignetDataFormParseContext *context,
                              GError                    **error)
{
  SignetDataFormMedia *media = signet_data_form_media_new ();
  guint n_children = signet_xml_node_get_n_children (node);

  media->width = parse_dimension (node, "width");
  media->height = parse_dimension (node, "height");

  for (guint i = 0; i < n_children; i++)
    {
      SignetXmlNode *child = signet_xml_node_get_nth_child (node, i);
      g_autofree char *text = NULL;
      MediaUri *uri;

      if (!signet_xml_node_is (child, "uri", SIGNET_NS_MEDIA))
        continue;

      text = g_strstrip (g_strdup (signet_xml_node_get_text (child)));
      if (*text == '\0')
        continue;

      if (media->uris->len >= SIGNET_DATA_FORM_MAX_ITEMS)
        {
          signet_data_form_media_free (media);
          g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                       _("A data form media element has more than %d URIs"), SIGNET_DATA_FORM_MAX_ITEMS);
          return NULL;
        }

      uri = g_new0 (MediaUri, 1);
      uri->uri = g_steal_pointer (&text);
      uri->type = g_strdup (signet_xml_node_get_attribute (child, "type"));
      g_ptr_array_add (media->uris, uri);
    }

  media_resolve_data (media, context);
  return media;
}

void
signet_data_form_media_to_xml (SignetDataFormMedia *media,
                               SignetXmlNode       *parent)
{
  SignetXmlNode *node = signet_xml_node_add_child (parent, "media", SIGNET_NS_MEDIA);

  if (media->width > 0)
    {
      g_autofree char *width = g_strdup_printf ("%u", media->width);

      signet_xml_node_set_attribute (node, "width", width);
    }

  if (media->height > 0)
    {
      g_autofree char *height = g_strdup_printf ("%u", media->height);

      signet_xml_node_set_attribute (node, "height", height);
    }

  for (guint i = 0; i < media->uris->len; i++)
    {
      MediaUri *uri = g_ptr_array_index (media->uris, i);
      SignetXmlNode *child = signet_xml_node_add_text_child (node, "uri", NULL, uri->uri);

      if (uri->type != NULL)
        signet_xml_node_set_attribute (child, "type", uri->type);
    }
}
