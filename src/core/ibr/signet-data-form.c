/* signet-data-form.c
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

G_DEFINE_QUARK (signet-data-form-error-quark, signet_data_form_error)

/* Wire names, indexed by enum value. */
static const char * const form_type_names[] = {
  [SIGNET_DATA_FORM_TYPE_FORM] = "form",
  [SIGNET_DATA_FORM_TYPE_SUBMIT] = "submit",
  [SIGNET_DATA_FORM_TYPE_CANCEL] = "cancel",
  [SIGNET_DATA_FORM_TYPE_RESULT] = "result",
};

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
char *
signet_data_form_quote_for_error (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);

  if (g_utf8_strlen (valid, -1) <= 32)
    return g_steal_pointer (&valid);

  return g_utf8_substring (valid, 0, 32);
}

/* g_set_str() is GLib 2.76; we build against 2.74. */
gboolean
signet_data_form_set_string (char      **target,
                             const char *value)
{
  if (g_strcmp0 (*target, value) == 0)
    return FALSE;

  g_free (*target);
  *target = g_strdup (value);
  return TRUE;
}

/* A GPtrArray of strings that can be handed out as a NULL-terminated array. */
GPtrArray *
signet_data_form_strv_new (void)
{
  return g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

const char * const *
signet_data_form_strv_view (GPtrArray *array)
{
  static const char * const empty[] = { NULL };

  /* An empty array may not have allocated its terminator yet. */
  if (array->pdata == NULL)
    return empty;

  return (const char * const *) array->pdata;
}

gboolean
signet_data_form_set_too_many (GError    **error,
                               const char *what)
{
  g_autofree char *quoted = signet_data_form_quote_for_error (what);

  g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
               _("A data form field “%s” has more than %d values, options or media"),
               quoted, SIGNET_DATA_FORM_MAX_ITEMS);
  return FALSE;
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
  self->instructions = signet_data_form_strv_new ();
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
  if (signet_data_form_field_get_var (field) != NULL)
    {
      if (g_hash_table_contains (self->fields_by_var, signet_data_form_field_get_var (field)))
        {
          g_object_unref (field);
          return FALSE;
        }

      g_hash_table_insert (self->fields_by_var, (gpointer) signet_data_form_field_get_var (field), field);
    }

  g_ptr_array_add (self->fields, field);
  return TRUE;
}

static gboolean
parse_child (SignetDataForm             *self,
             SignetXmlNode              *child,
             SignetDataFormParseContext *context,
             guint                      *n_fields,
             GError                    **error)
{
  if (g_strcmp0 (signet_xml_node_get_namespace (child), SIGNET_NS_DATA_FORMS) != 0)
    return TRUE;

  if (signet_xml_node_is (child, "field", NULL))
    {
      SignetDataFormField *field;

      /* Counted before dropping duplicates, so repeats cannot dodge the cap. */
      if (++(*n_fields) > SIGNET_DATA_FORM_MAX_ITEMS)
        {
          g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                       _("A data form has more than %d fields"), SIGNET_DATA_FORM_MAX_ITEMS);
          return FALSE;
        }

      field = signet_data_form_field_parse (child, context, error);
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
      if (self->instructions->len >= SIGNET_DATA_FORM_MAX_ITEMS)
        {
          g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                       _("A data form has more than %d instructions"), SIGNET_DATA_FORM_MAX_ITEMS);
          return FALSE;
        }

      g_ptr_array_add (self->instructions, g_strdup (signet_xml_node_get_text (child)));
    }

  /* <reported> and <item> (multi-item results) are of no use for sign-up. */
  return TRUE;
}

static gsize
cap_for_element (SignetXmlNode *node)
{
  const char *name = signet_xml_node_get_name (node);

  if (g_strcmp0 (signet_xml_node_get_namespace (node), SIGNET_NS_DATA_FORMS) != 0)
    return G_MAXSIZE;
  if (g_str_equal (name, "value"))
    return SIGNET_DATA_FORM_MAX_VALUE;
  if (g_str_equal (name, "title") || g_str_equal (name, "instructions") || g_str_equal (name, "desc"))
    return SIGNET_DATA_FORM_MAX_TEXT;

  return G_MAXSIZE;
}

/* Refuses a form with any string over its cap before any of it is used. */
static gboolean
check_lengths (SignetXmlNode *node,
               GError       **error)
{
  const char * const *attributes = signet_xml_node_get_attributes (node);
  guint n_children = signet_xml_node_get_n_children (node);

  for (guint i = 0; attributes[i] != NULL && attributes[i + 1] != NULL; i += 2)
    {
      gsize cap = g_str_equal (attributes[i], "label") && signet_xml_node_is (node, "field", NULL)
                  ? SIGNET_DATA_FORM_MAX_TEXT : SIGNET_DATA_FORM_MAX_NAME;

      if (strlen (attributes[i + 1]) > cap)
        {
          g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                       _("A data form has a “%s” longer than %u bytes"),
                       attributes[i], (guint) cap);
          return FALSE;
        }
    }

  if (strlen (signet_xml_node_get_text (node)) > cap_for_element (node))
    {
      g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                   _("A data form has a <%s> longer than %u bytes"),
                   signet_xml_node_get_name (node), (guint) cap_for_element (node));
      return FALSE;
    }

  for (guint i = 0; i < n_children; i++)
    if (!check_lengths (signet_xml_node_get_nth_child (node, i), error))
      return FALSE;

  return TRUE;
}

SignetDataForm *
signet_data_form_parse (SignetXmlNode *x,
                        SignetXmlNode *bob_scope,
                        GError       **error)
{
  g_auto(SignetDataFormParseContext) context = { bob_scope, NULL };
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

  if (!check_lengths (x, error))
    return NULL;

  type_name = signet_xml_node_get_attribute (x, "type");
  if (type_name == NULL)
    {
      g_set_error (error, SIGNET_DATA_FORM_ERROR, SIGNET_DATA_FORM_ERROR_MALFORMED,
                   _("A data form has no type"));
      return NULL;
    }

  if (!form_type_from_string (type_name, &kind))
    {
      g_autofree char *quoted = signet_data_form_quote_for_error (type_name);

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
    signet_data_form_field_to_xml (g_ptr_array_index (self->fields, i), x);

  return x;
}

static void
add_submit_field (SignetXmlNode *form,
                  const char    *var,
                  const char    *type,
                  const char    *value)
{
  SignetXmlNode *field = signet_xml_node_add_child (form, "field", SIGNET_NS_DATA_FORMS);

  signet_xml_node_set_attribute (field, "var", var);
  signet_xml_node_set_attribute (field, "type", type);
  signet_xml_node_add_text_child (field, "value", SIGNET_NS_DATA_FORMS, value);
}

SignetXmlNode *
signet_data_form_add_submit_xml (SignetXmlNode      *parent,
                                 const char         *form_type,
                                 const char * const *vars,
                                 const char * const *values,
                                 guint               n_fields)
{
  SignetXmlNode *form;

  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (form_type != NULL, NULL);

  form = signet_xml_node_add_child (parent, "x", SIGNET_NS_DATA_FORMS);
  signet_xml_node_set_attribute (form, "type", "submit");
  add_submit_field (form, "FORM_TYPE", "hidden", form_type);
  for (guint i = 0; i < n_fields; i++)
    add_submit_field (form, vars[i], "text-single", values[i]);
  return form;
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

      if (signet_data_form_field_get_var (field) == NULL || signet_data_form_field_get_field_type (field) == SIGNET_DATA_FORM_FIELD_FIXED)
        continue;

      copy = signet_data_form_add_field (submit, signet_data_form_field_get_field_type (field), signet_data_form_field_get_var (field), NULL);
      signet_data_form_field_set_values (copy, signet_data_form_field_get_values (field));
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

  if (signet_data_form_set_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char * const *
signet_data_form_get_instructions (SignetDataForm *self)
{
  g_return_val_if_fail (SIGNET_IS_DATA_FORM (self), NULL);

  return signet_data_form_strv_view (self->instructions);
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
  g_return_val_if_fail (signet_data_form_field_type_to_string (type) != NULL, NULL);
  g_return_val_if_fail ((var != NULL && *var != '\0') || type == SIGNET_DATA_FORM_FIELD_FIXED, NULL);

  field = signet_data_form_get_field (self, var);
  if (field != NULL)
    return field;

  field = signet_data_form_field_new (type, var, label);
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
