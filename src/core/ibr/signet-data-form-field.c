/* signet-data-form-field.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-core-enums.h"
#include "signet-data-form-private.h"

/* Wire names, indexed by enum value. */
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
  self->values = signet_data_form_strv_new ();
  self->options = g_ptr_array_new_with_free_func (field_option_free);
  self->media = g_ptr_array_new_with_free_func (signet_data_form_media_free);
}

SignetDataFormField *
signet_data_form_field_new (SignetDataFormFieldType type,
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

  if (signet_data_form_set_string (&self->label, label))
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

  if (signet_data_form_set_string (&self->description, description))
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

  return signet_data_form_strv_view (self->values);
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
  g_autoptr(GPtrArray) copy = signet_data_form_strv_new ();

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
field_parse_child (SignetDataFormField        *self,
                   SignetXmlNode              *child,
                   SignetDataFormParseContext *context,
                   GError                    **error)
{
  if (signet_xml_node_is (child, "media", SIGNET_NS_MEDIA))
    {
      SignetDataFormMedia *media;

      if (self->media->len >= SIGNET_DATA_FORM_MAX_ITEMS)
        return signet_data_form_set_too_many (error, self->var);

      media = signet_data_form_media_parse (child, context, error);
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
      if (self->values->len >= SIGNET_DATA_FORM_MAX_ITEMS)
        return signet_data_form_set_too_many (error, self->var);

      g_ptr_array_add (self->values, g_strdup (signet_xml_node_get_text (child)));
    }
  else if (signet_xml_node_is (child, "option", NULL))
    {
      if (self->options->len >= SIGNET_DATA_FORM_MAX_ITEMS)
        return signet_data_form_set_too_many (error, self->var);

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

SignetDataFormField *
signet_data_form_field_parse (SignetXmlNode              *node,
                              SignetDataFormParseContext *context,
                              GError                    **error)
{
  g_autoptr(SignetDataFormField) self = NULL;
  const char *type_name = signet_xml_node_get_attribute (node, "type");
  SignetDataFormFieldType type;
  guint n_children;

  /* XEP-0004 §3.3: no type, or one we do not know, means text-single. */
  if (!signet_data_form_field_type_from_string (type_name, &type))
    type = SIGNET_DATA_FORM_FIELD_TEXT_SINGLE;

  self = signet_data_form_field_new (type,
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

/* Children in the order of the XEP-0004 schema: desc, required, value, option, media. */
void
signet_data_form_field_to_xml (SignetDataFormField *self,
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
    signet_data_form_media_to_xml (g_ptr_array_index (self->media, i), node);
}
