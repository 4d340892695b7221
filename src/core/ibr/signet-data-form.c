/* signet-data-form.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-data-form.h"

/* Forms come from servers we do not control before we are even logged in, so
 * every list a server can make us allocate is capped. */
#define MAX_ITEMS 1000

G_DEFINE_QUARK (signet-data-form-error-quark, signet_data_form_error)

G_DEFINE_ENUM_TYPE (SignetDataFormType, signet_data_form_type,
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_TYPE_FORM, "form"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_TYPE_SUBMIT, "submit"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_TYPE_CANCEL, "cancel"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_TYPE_RESULT, "result"))

G_DEFINE_ENUM_TYPE (SignetDataFormFieldType, signet_data_form_field_type,
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_TEXT_SINGLE, "text-single"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE, "text-private"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_TEXT_MULTI, "text-multi"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_BOOLEAN, "boolean"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_FIXED, "fixed"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_HIDDEN, "hidden"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_JID_SINGLE, "jid-single"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_JID_MULTI, "jid-multi"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_LIST_SINGLE, "list-single"),
                    G_DEFINE_ENUM_VALUE (SIGNET_DATA_FORM_FIELD_LIST_MULTI, "list-multi"))

/* Wire names, indexed by enum value. */
static const char * const form_type_names[] = {
  [SIGNET_DATA_FORM_TYPE_FORM] = "form",
  [SIGNET_DATA_FORM_TYPE_SUBMIT] = "submit",
  [SIGNET_DATA_FORM_TYPE_CANCEL] = "cancel",
  [SIGNET_DATA_FORM_TYPE_RESULT] = "result",
};

static const char * const field_type_names[] = {
  [SIGNET_DATA_FORM_FIELD_TEXT_SINGLE] = "text-single",
  [SIGNET_DATA_FORM_FIELD_TEXT_PRIVATE] = "text-private",
  [SIGNET_DATA_FORM_FIELD_TEXT_MULTI] = "text-multi",
  [SIGNET_DATA_FORM_FIELD_BOOLEAN] = "boolean",
  [SIGNET_DATA_FORM_FIELD_FIXED] = "fixed",
  [SIGNET_DATA_FORM_FIELD_HIDDEN] = "hidden",
  [SIGNET_DATA_FORM_FIELD_JID_SINGLE] = "jid-single",
  [SIGNET_DATA_FORM_FIELD_JID_MULTI] = "jid-multi",
  [SIGNET_DATA_FORM_FIELD_LIST_SINGLE] = "list-single",
  [SIGNET_DATA_FORM_FIELD_LIST_MULTI] = "list-multi",
};

const char *
signet_data_form_field_type_to_string (SignetDataFormFieldType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (field_type_names), NULL);

  return field_type_names[type];
}

gboolean
signet_data_form_field_type_from_string (const char              *string,
                                         SignetDataFormFieldType *type)
{
  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (field_type_names); i++)
    {
      if (g_str_equal (string, field_type_names[i]))
        {
          if (type != NULL)
            *type = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
form_type_from_string (const char         *string,
                       SignetDataFormType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (form_type_names); i++)
    {
      if (g_str_equal (string, form_type_names[i]))
        {
          *type = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Server text may be long or odd; keep error messages readable. */
static char *
quote_for_error (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);

  if (g_utf8_strlen (valid, -1) <= 32)
    return g_steal_pointer (&valid);

  return g_utf8_substring (valid, 0, 32);
}

/* g_set_str() is GLib 2.76; we build against 2.74. */
static gboolean
set_string (char      **target,
            const char *value)
{
  if (g_strcmp0 (*target, value) == 0)
    return FALSE;

  g_free (*target);
  *target = g_strdup (value);
  return TRUE;
}

/* A GPtrArray of strings that can be handed out as a NULL-terminated array. */
static GPtrArray *
strv_array_new (void)
{
  return g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

static const char * const *
strv_array_view (GPtrArray *array)
{
  static const char * const empty[] = { NULL };

  /* An empty array may not have allocated its terminator yet. */
  if (array->pdata == NULL)
    return empty;

  return (const char * const *) array->pdata;
}

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

/* What one parse needs besides the tree: the Bits of Binary found under the
 * scope, indexed once so that many cid: URIs cannot make us walk a large
 * stanza (or decode a large image) over and over. */
typedef struct
{
  SignetXmlNode *node;
  GBytes        *bytes;
  gboolean decoded;
} BobData;

typedef struct
{
  SignetXmlNode *bob_scope;
  GHashTable    *bob; /* lower-case cid → BobData; built on first use */
} ParseContext;

static void
bob_data_free (gpointer data)
{
  BobData *bob = data;

  g_clear_pointer (&bob->bytes, g_bytes_unref);
  g_free (bob);
}

static void
parse_context_clear (ParseContext *context)
{
  g_clear_pointer (&context->bob, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParseContext, parse_context_clear)

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
lookup_bob_data (ParseContext *context,
                 const char   *cid)
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

static SignetDataFormMedia *
media_new (void)
{
  SignetDataFormMedia *media = g_new0 (SignetDataFormMedia, 1);

  media->uris = g_ptr_array_new_with_free_func (media_uri_free);
  return media;
}

static void
media_free (gpointer data)
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
resolve_uri (MediaUri     *uri,
             ParseContext *context,
             char        **mime_type)
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
media_resolve_data (SignetDataFormMedia *media,
                    ParseContext        *context)
{
  for (guint i = 0; i < media->uris->len && media->data == NULL; i++)
    {
      MediaUri *uri = g_ptr_array_index (media->uris, i);
      g_autofree char *mime_type = NULL;

      media->data = resolve_uri (uri, context, &mime_type);
      if (media->data != NULL)
        media->data_type = mime_type ? g_steal_pointer (&mime_type) : g_strdup (uri->type);
    }
}

static guint
parse_dimension (SignetXmlNode *node,
                 const char    *name)
{
  const char *text = signet_xml_node_get_attribute (node, name);
  guint64 value = 0;

  /* A bad size only loses a layout hint; not worth refusing the form. */
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return 0;

  return (guint) value;
}

static SignetDataFormMedia *
media_parse (SignetXmlNode *node,
             ParseContext  *context,
             GError       **error)
{
  SignetDataFormMedia *media = media_new ();
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

      if (media->uris->len >= MAX_ITEMS)
        {
          media_free (media);
          g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                       _("A data form media element has more than %d URIs"), MAX_ITEMS);
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

/*
 * SignetDataFormField
 */

typedef struct
{
  char *label;
  char *value;
} FieldOption;

struct _SignetDataFormField
{
  GObject parent_instance;

  SignetDataFormFieldType field_type;
  char                    *var;
  char                    *label;
  char                    *description;
  GPtrArray               *values;  /* char *, NULL-terminated */
  GPtrArray               *options; /* FieldOption */
  GPtrArray               *media;   /* SignetDataFormMedia */
  guint required : 1;
};

G_DEFINE_FINAL_TYPE (SignetDataFormField, signet_data_form_field, G_TYPE_OBJECT)

enum {
  FIELD_PROP_0,
  FIELD_PROP_FIELD_TYPE,
  FIELD_PROP_VAR,
  FIELD_PROP_LABEL,
  FIELD_PROP_DESCRIPTION,
  FIELD_PROP_REQUIRED,
  FIELD_N_PROPS,
};

static GParamSpec *field_properties[FIELD_N_PROPS];

static void
field_option_free (gpointer data)
{
  FieldOption *option = data;

  g_free (option->label);
  g_free (option->value);
  g_free (option);
}

static void
signet_data_form_field_finalize (GObject *object)
{
  SignetDataFormField *self = (SignetDataFormField *) object;

  g_clear_pointer (&self->var, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_pointer (&self->options, g_ptr_array_unref);
  g_clear_pointer (&self->media, g_ptr_array_unref);

  G_OBJECT_CLASS (signet_data_form_field_parent_class)->finalize (object);
}

static void
signet_data_form_field_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SignetDataFormField *self = SIGNET_DATA_FORM_FIELD (object);

  switch (prop_id)
    {
    case FIELD_PROP_FIELD_TYPE:
      g_value_set_enum (value, self->field_type);
      break;

    case FIELD_PROP_VAR:
      g_value_set_string (value, self->var);
      break;

    case FIELD_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case FIELD_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case FIELD_PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_data_form_field_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SignetDataFormField *self = SIGNET_DATA_FORM_FIELD (object);

  switch (prop_id)
    {
    case FIELD_PROP_FIELD_TYPE:
      self->field_type = g_value_get_enum (value);
      break;

    case FIELD_PROP_VAR:
      /* XEP-0004 has no use for an empty var; treat it as none. */
      if (g_value_get_string (value) != NULL && *g_value_get_string (value) != '\0')
        self->var = g_value_dup_string (value);
      break;

    case FIELD_PROP_LABEL:
      signet_data_form_field_set_label (self, g_value_get_string (value));
      break;

    case FIELD_PROP_DESCRIPTION:
      signet_data_form_field_set_description (self, g_value_get_string (value));
      break;

    case FIELD_PROP_REQUIRED:
      signet_data_form_field_set_required (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_data_form_field_class_init (SignetDataFormFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_data_form_field_finalize;
  object_class->get_property = signet_data_form_field_get_property;
  object_class->set_property = signet_data_form_field_set_property;

  field_properties[FIELD_PROP_FIELD_TYPE] =
    g_param_spec_enum ("field-type", NULL, NULL,
                       SIGNET_TYPE_DATA_FORM_FIELD_TYPE,
                       SIGNET_DATA_FORM_FIELD_TEXT_SINGLE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  field_properties[FIELD_PROP_VAR] =
    g_param_spec_string ("var", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  field_properties[FIELD_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  field_properties[FIELD_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  field_properties[FIELD_PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, FIELD_N_PROPS, field_properties);
}

static void
signet_data_form_field_init (SignetDataFormField *self)
{
  self->values = strv_array_new ();
  self->options = g_ptr_array_new_with_free_func (field_option_free);
  self->media = g_ptr_array_new_with_free_func (media_free);
}

static SignetDataFormField *
field_new (SignetDataFormFieldType type,
           const char             *var,
           const char             *label)
{
  return g_object_new (SIGNET_TYPE_DATA_FORM_FIELD,
                       "field-type", type,
                       "var", var,
                       "label", label,
                       NULL);
}

SignetDataFormFieldType
signet_data_form_field_get_field_type (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), SIGNET_DATA_FORM_FIELD_TEXT_SINGLE);

  return self->field_type;
}

const char *
signet_data_form_field_get_var (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), NULL);

  return self->var;
}

const char *
signet_data_form_field_get_label (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), NULL);

  return self->label;
}

void
signet_data_form_field_set_label (SignetDataFormField *self,
                                  const char          *label)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM_FIELD (self));

  if (set_string (&self->label, label))
    g_object_notify_by_pspec (G_OBJECT (self), field_properties[FIELD_PROP_LABEL]);
}

const char *
signet_data_form_field_get_description (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), NULL);

  return self->description;
}

void
signet_data_form_field_set_description (SignetDataFormField *self,
                                        const char          *description)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM_FIELD (self));

  if (set_string (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), field_properties[FIELD_PROP_DESCRIPTION]);
}

gboolean
signet_data_form_field_get_required (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), FALSE);

  return self->required;
}

void
signet_data_form_field_set_required (SignetDataFormField *self,
                                     gboolean             required)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM_FIELD (self));

  required = !!required;
  if (self->required == required)
    return;

  self->required = required;
  g_object_notify_by_pspec (G_OBJECT (self), field_properties[FIELD_PROP_REQUIRED]);
}

const char * const *
signet_data_form_field_get_values (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), NULL);

  return strv_array_view (self->values);
}

const char *
signet_data_form_field_get_value (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), NULL);

  if (self->values->len == 0)
    return NULL;

  return g_ptr_array_index (self->values, 0);
}

void
signet_data_form_field_set_value (SignetDataFormField *self,
                                  const char          *value)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM_FIELD (self));

  g_ptr_array_set_size (self->values, 0);
  if (value != NULL)
    g_ptr_array_add (self->values, g_strdup (value));
}

void
signet_data_form_field_set_values (SignetDataFormField *self,
                                   const char * const  *values)
{
  g_autoptr(GPtrArray) copy = strv_array_new ();

  g_return_if_fail (SIGNET_IS_DATA_FORM_FIELD (self));

  /* Copy first: @values may be our own array. */
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_ptr_array_add (copy, g_strdup (values[i]));

  g_ptr_array_unref (self->values);
  self->values = g_steal_pointer (&copy);
}

gboolean
signet_data_form_field_get_boolean (SignetDataFormField *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), FALSE);

  if (signet_data_form_field_get_value (self) == NULL)
    return FALSE;

  value = g_strstrip (g_strdup (signet_data_form_field_get_value (self)));

  return (g_str_equal (value, "1") ||
          g_ascii_strcasecmp (value, "true") == 0 ||
          g_ascii_strcasecmp (value, "yes") == 0);
}

void
signet_data_form_field_set_boolean (SignetDataFormField *self,
                                    gboolean             value)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM_FIELD (self));

  /* Not XEP-0004's canonical "1": Kontalk's Java server would read it as false. */
  signet_data_form_field_set_value (self, value ? "true" : "false");
}

guint
signet_data_form_field_get_n_options (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), 0);

  return self->options->len;
}

const char *
signet_data_form_field_get_option (SignetDataFormField *self,
                                   guint                n,
                                   const char         **label)
{
  FieldOption *option;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), NULL);
  g_return_val_if_fail (n < self->options->len, NULL);

  option = g_ptr_array_index (self->options, n);
  if (label != NULL)
    *label = option->label;

  return option->value;
}

void
signet_data_form_field_add_option (SignetDataFormField *self,
                                   const char          *label,
                                   const char          *value)
{
  FieldOption *option;

  g_return_if_fail (SIGNET_IS_DATA_FORM_FIELD (self));
  g_return_if_fail (value != NULL);

  option = g_new0 (FieldOption, 1);
  option->label = g_strdup (label);
  option->value = g_strdup (value);
  g_ptr_array_add (self->options, option);
}

guint
signet_data_form_field_get_n_media (SignetDataFormField *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), 0);

  return self->media->len;
}

SignetDataFormMedia *
signet_data_form_field_get_media (SignetDataFormField *self,
                                  guint                n)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM_FIELD (self), NULL);
  g_return_val_if_fail (n < self->media->len, NULL);

  return g_ptr_array_index (self->media, n);
}

/*
 * Field parsing and serialization
 */

static gboolean
set_too_many (GError    **error,
              const char *what)
{
  g_autofree char *quoted = quote_for_error (what);

  g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
               _("A data form field “%s” has more than %d values, options or media"),
               quoted, MAX_ITEMS);
  return FALSE;
}

static void
field_parse_option (SignetDataFormField *self,
                    SignetXmlNode       *node)
{
  SignetXmlNode *value = signet_xml_node_get_child (node, "value", SIGNET_NS_DATA_FORMS);

  /* An option without a value could never be chosen; drop it. */
  if (value == NULL)
    return;

  signet_data_form_field_add_option (self,
                                     signet_xml_node_get_attribute (node, "label"),
                                     signet_xml_node_get_text (value));
}

static gboolean
field_parse_child (SignetDataFormField *self,
                   SignetXmlNode       *child,
                   ParseContext        *context,
                   GError             **error)
{
  if (signet_xml_node_is (child, "media", SIGNET_NS_MEDIA))
    {
      SignetDataFormMedia *media;

      if (self->media->len >= MAX_ITEMS)
        return set_too_many (error, self->var);

      media = media_parse (child, context, error);
      if (media == NULL)
        return FALSE;

      g_ptr_array_add (self->media, media);
      return TRUE;
    }

  if (g_strcmp0 (signet_xml_node_get_namespace (child), SIGNET_NS_DATA_FORMS) != 0)
    return TRUE;

  if (signet_xml_node_is (child, "value", NULL))
    {
      /* Several values in a single-value field break XEP-0004, but servers
       * do it; keep them all and let get_value() return the first. */
      if (self->values->len >= MAX_ITEMS)
        return set_too_many (error, self->var);

      g_ptr_array_add (self->values, g_strdup (signet_xml_node_get_text (child)));
    }
  else if (signet_xml_node_is (child, "option", NULL))
    {
      if (self->options->len >= MAX_ITEMS)
        return set_too_many (error, self->var);

      field_parse_option (self, child);
    }
  else if (signet_xml_node_is (child, "desc", NULL))
    {
      if (self->description == NULL)
        self->description = g_strdup (signet_xml_node_get_text (child));
    }
  else if (signet_xml_node_is (child, "required", NULL))
    {
      self->required = TRUE;
    }

  return TRUE;
}

static SignetDataFormField *
field_parse (SignetXmlNode *node,
             ParseContext  *context,
             GError       **error)
{
  g_autoptr(SignetDataFormField) self = NULL;
  const char *type_name = signet_xml_node_get_attribute (node, "type");
  SignetDataFormFieldType type;
  guint n_children;

  /* XEP-0004 §3.3: no type, or one we do not know, means text-single. */
  if (!signet_data_form_field_type_from_string (type_name, &type))
    type = SIGNET_DATA_FORM_FIELD_TEXT_SINGLE;

  self = field_new (type,
                    signet_xml_node_get_attribute (node, "var"),
                    signet_xml_node_get_attribute (node, "label"));

  if (self->var == NULL && type != SIGNET_DATA_FORM_FIELD_FIXED)
    {
      g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                   _("A data form field of type “%s” has no name"),
                   signet_data_form_field_type_to_string (type));
      return NULL;
    }

  n_children = signet_xml_node_get_n_children (node);
  for (guint i = 0; i < n_children; i++)
    {
      if (!field_parse_child (self, signet_xml_node_get_nth_child (node, i), context, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

static void
media_to_xml (SignetDataFormMedia *media,
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

/* Children in the order of the XEP-0004 schema: desc, required, value, option, media. */
static void
field_to_xml (SignetDataFormField *self,
              SignetXmlNode       *x)
{
  SignetXmlNode *node = signet_xml_node_add_child (x, "field", NULL);

  if (self->var != NULL)
    signet_xml_node_set_attribute (node, "var", self->var);
  signet_xml_node_set_attribute (node, "type", field_type_names[self->field_type]);
  if (self->label != NULL)
    signet_xml_node_set_attribute (node, "label", self->label);

  if (self->description != NULL)
    signet_xml_node_add_text_child (node, "desc", NULL, self->description);

  if (self->required)
    signet_xml_node_add_child (node, "required", NULL);

  for (guint i = 0; i < self->values->len; i++)
    signet_xml_node_add_text_child (node, "value", NULL, g_ptr_array_index (self->values, i));

  for (guint i = 0; i < self->options->len; i++)
    {
      FieldOption *option = g_ptr_array_index (self->options, i);
      SignetXmlNode *child = signet_xml_node_add_child (node, "option", NULL);

      if (option->label != NULL)
        signet_xml_node_set_attribute (child, "label", option->label);
      signet_xml_node_add_text_child (child, "value", NULL, option->value);
    }

  for (guint i = 0; i < self->media->len; i++)
    media_to_xml (g_ptr_array_index (self->media, i), node);
}

/*
 * SignetDataForm
 */

struct _SignetDataForm
{
  GObject parent_instance;

  SignetDataFormType kind;
  char               *title;
  GPtrArray          *instructions;  /* char *, NULL-terminated */
  GPtrArray          *fields;        /* SignetDataFormField */
  GHashTable         *fields_by_var; /* var → borrowed SignetDataFormField */
};

G_DEFINE_FINAL_TYPE (SignetDataForm, signet_data_form, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORM_TYPE_KIND,
  PROP_TITLE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
signet_data_form_dispose (GObject *object)
{
  SignetDataForm *self = (SignetDataForm *) object;

  /* The table borrows from the fields; drop it before them. */
  g_clear_pointer (&self->fields_by_var, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (signet_data_form_parent_class)->dispose (object);
}

static void
signet_data_form_finalize (GObject *object)
{
  SignetDataForm *self = (SignetDataForm *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->instructions, g_ptr_array_unref);

  G_OBJECT_CLASS (signet_data_form_parent_class)->finalize (object);
}

static void
signet_data_form_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SignetDataForm *self = SIGNET_DATA_FORM (object);

  switch (prop_id)
    {
    case PROP_FORM_TYPE_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_data_form_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SignetDataForm *self = SIGNET_DATA_FORM (object);

  switch (prop_id)
    {
    case PROP_FORM_TYPE_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_TITLE:
      signet_data_form_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_data_form_class_init (SignetDataFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = signet_data_form_dispose;
  object_class->finalize = signet_data_form_finalize;
  object_class->get_property = signet_data_form_get_property;
  object_class->set_property = signet_data_form_set_property;

  properties[PROP_FORM_TYPE_KIND] =
    g_param_spec_enum ("form-type-kind", NULL, NULL,
                       SIGNET_TYPE_DATA_FORM_TYPE,
                       SIGNET_DATA_FORM_TYPE_FORM,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_data_form_init (SignetDataForm *self)
{
  self->instructions = strv_array_new ();
  self->fields = g_ptr_array_new_with_free_func (g_object_unref);
  self->fields_by_var = g_hash_table_new (g_str_hash, g_str_equal);
}

SignetDataForm *
signet_data_form_new (SignetDataFormType type)
{
  return g_object_new (SIGNET_TYPE_DATA_FORM,
                       "form-type-kind", type,
                       NULL);
}

/* Takes @field; returns FALSE (dropping it) when its var is taken. */
static gboolean
append_field (SignetDataForm      *self,
              SignetDataFormField *field)
{
  if (field->var != NULL)
    {
      if (g_hash_table_contains (self->fields_by_var, field->var))
        {
          g_object_unref (field);
          return FALSE;
        }

      g_hash_table_insert (self->fields_by_var, field->var, field);
    }

  g_ptr_array_add (self->fields, field);
  return TRUE;
}

static gboolean
parse_child (SignetDataForm *self,
             SignetXmlNode  *child,
             ParseContext   *context,
             guint          *n_fields,
             GError        **error)
{
  if (g_strcmp0 (signet_xml_node_get_namespace (child), SIGNET_NS_DATA_FORMS) != 0)
    return TRUE;

  if (signet_xml_node_is (child, "field", NULL))
    {
      SignetDataFormField *field;

      /* Counted before dropping duplicates, so repeats cannot dodge the cap. */
      if (++(*n_fields) > MAX_ITEMS)
        {
          g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                       _("A data form has more than %d fields"), MAX_ITEMS);
          return FALSE;
        }

      field = field_parse (child, context, error);
      if (field == NULL)
        return FALSE;

      if (!append_field (self, field))
        g_debug ("Ignoring a repeated data form field");
    }
  else if (signet_xml_node_is (child, "title", NULL))
    {
      if (self->title == NULL)
        self->title = g_strdup (signet_xml_node_get_text (child));
    }
  else if (signet_xml_node_is (child, "instructions", NULL))
    {
      if (self->instructions->len >= MAX_ITEMS)
        {
          g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                       _("A data form has more than %d instructions"), MAX_ITEMS);
          return FALSE;
        }

      g_ptr_array_add (self->instructions, g_strdup (signet_xml_node_get_text (child)));
    }

  /* <reported> and <item> (multi-item results) are of no use for sign-up. */
  return TRUE;
}

SignetDataForm *
signet_data_form_parse (SignetXmlNode *x,
                        SignetXmlNode *bob_scope,
                        GError       **error)
{
  g_auto(ParseContext) context = { bob_scope, NULL };
  g_autoptr(SignetDataForm) self = NULL;
  SignetDataFormType kind;
  const char *type_name;
  guint n_children;
  guint n_fields = 0;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!signet_xml_node_is (x, "x", SIGNET_NS_DATA_FORMS))
    {
      g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                   _("Not a data form: expected <x xmlns='%s'>"), SIGNET_NS_DATA_FORMS);
      return NULL;
    }

  type_name = signet_xml_node_get_attribute (x, "type");
  if (type_name == NULL)
    {
      g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                   _("A data form has no type"));
      return NULL;
    }

  if (!form_type_from_string (type_name, &kind))
    {
      g_autofree char *quoted = quote_for_error (type_name);

      g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                   _("Unknown data form type “%s”"), quoted);
      return NULL;
    }

  self = signet_data_form_new (kind);

  n_children = signet_xml_node_get_n_children (x);
  for (guint i = 0; i < n_children; i++)
    {
      SignetXmlNode *child = signet_xml_node_get_nth_child (x, i);

      if (!parse_child (self, child, &context, &n_fields, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

SignetXmlNode *
signet_data_form_to_xml (SignetDataForm *self)
{
  SignetXmlNode *x;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  x = signet_xml_node_new ("x", SIGNET_NS_DATA_FORMS);
  signet_xml_node_set_attribute (x, "type", form_type_names[self->kind]);

  if (self->title != NULL)
    signet_xml_node_add_text_child (x, "title", NULL, self->title);

  for (guint i = 0; i < self->instructions->len; i++)
    signet_xml_node_add_text_child (x, "instructions", NULL,
                                    g_ptr_array_index (self->instructions, i));

  for (guint i = 0; i < self->fields->len; i++)
    field_to_xml (g_ptr_array_index (self->fields, i), x);

  return x;
}

SignetDataForm *
signet_data_form_new_submit (SignetDataForm *self)
{
  SignetDataForm *submit;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  submit = signet_data_form_new (SIGNET_DATA_FORM_TYPE_SUBMIT);

  /* Fixed fields are text for people, not data; servers do not expect them
   * back.  Hidden ones (FORM_TYPE, CAPTCHA challenge ids) must go back. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      SignetDataFormField *field = g_ptr_array_index (self->fields, i);
      SignetDataFormField *copy;

      if (field->var == NULL || field->field_type == SIGNET_DATA_FORM_FIELD_FIXED)
        continue;

      copy = signet_data_form_add_field (submit, field->field_type, field->var, NULL);
      signet_data_form_field_set_values (copy, strv_array_view (field->values));
    }

  return submit;
}

SignetDataFormType
signet_data_form_get_form_type_kind (SignetDataForm *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), SIGNET_DATA_FORM_TYPE_FORM);

  return self->kind;
}

const char *
signet_data_form_get_form_type (SignetDataForm *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  /* Any field type: submit forms may leave FORM_TYPE's type out. */
  return signet_data_form_get_value (self, "FORM_TYPE");
}

const char *
signet_data_form_get_title (SignetDataForm *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  return self->title;
}

void
signet_data_form_set_title (SignetDataForm *self,
                            const char     *title)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM (self));

  if (set_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char * const *
signet_data_form_get_instructions (SignetDataForm *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  return strv_array_view (self->instructions);
}

void
signet_data_form_add_instructions (SignetDataForm *self,
                                   const char     *instructions)
{
  g_return_if_fail (SIGNET_IS_DATA_FORM (self));
  g_return_if_fail (instructions != NULL);

  g_ptr_array_add (self->instructions, g_strdup (instructions));
}

guint
signet_data_form_get_n_fields (SignetDataForm *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), 0);

  return self->fields->len;
}

SignetDataFormField *
signet_data_form_get_nth_field (SignetDataForm *self,
                                guint           n)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  if (n >= self->fields->len)
    return NULL;

  return g_ptr_array_index (self->fields, n);
}

SignetDataFormField *
signet_data_form_get_field (SignetDataForm *self,
                            const char     *var)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  if (var == NULL)
    return NULL;

  return g_hash_table_lookup (self->fields_by_var, var);
}

SignetDataFormField *
signet_data_form_add_field (SignetDataForm         *self,
                            SignetDataFormFieldType type,
                            const char             *var,
                            const char             *label)
{
  SignetDataFormField *field;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);
  g_return_val_if_fail (type < G_N_ELEMENTS (field_type_names), NULL);
  g_return_val_if_fail ((var != NULL && *var != '\0') || type == SIGNET_DATA_FORM_FIELD_FIXED, NULL);

  field = signet_data_form_get_field (self, var);
  if (field != NULL)
    return field;

  field = field_new (type, var, label);
  append_field (self, field);
  return field;
}

SignetDataFormField *
signet_data_form_set_field (SignetDataForm         *self,
                            SignetDataFormFieldType type,
                            const char             *var,
                            const char             *value)
{
  SignetDataFormField *field;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);
  g_return_val_if_fail (var != NULL && *var != '\0', NULL);

  field = signet_data_form_add_field (self, type, var, NULL);
  signet_data_form_field_set_value (field, value);
  return field;
}

const char *
signet_data_form_get_value (SignetDataForm *self,
                            const char     *var)
{
  SignetDataFormField *field;

  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  field = signet_data_form_get_field (self, var);
  if (field == NULL)
    return NULL;

  return signet_data_form_field_get_value (field);
}
