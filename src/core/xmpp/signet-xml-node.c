/* signet-xml-node.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "signet-xml-node.h"

/* Guards against hostile peers: no stanza a sign-up needs comes close. */
#define MAX_DEPTH 64
#define MAX_STANZA_BYTES (4 * 1024 * 1024)

struct _SignetXmlNode
{
  gatomicrefcount ref_count;
  char            *name;
  char            *xmlns;
  GPtrArray       *attributes; /* alternating name, value; NULL-terminated */
  GString         *text;
  GPtrArray       *children;
};

G_DEFINE_QUARK (signet-xml-error-quark, signet_xml_error)

G_DEFINE_BOXED_TYPE (SignetXmlNode, signet_xml_node, signet_xml_node_ref, signet_xml_node_unref)

SignetXmlNode *
signet_xml_node_new (const char *name,
                     const char *xmlns)
{
  SignetXmlNode *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_new0 (SignetXmlNode, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name);
  self->xmlns = g_strdup (xmlns);
  self->attributes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->attributes, NULL);
  self->text = g_string_new (NULL);
  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_xml_node_unref);

  return self;
}

SignetXmlNode *
signet_xml_node_ref (SignetXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
signet_xml_node_unref (SignetXmlNode *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->xmlns, g_free);
  g_clear_pointer (&self->attributes, g_ptr_array_unref);
  g_string_free (self->text, TRUE);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_free (self);
}

SignetXmlNode *
signet_xml_node_copy (SignetXmlNode *self)
{
  SignetXmlNode *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = signet_xml_node_new (self->name, self->xmlns);
  for (guint i = 0; i + 1 < self->attributes->len; i += 2)
    signet_xml_node_set_attribute (copy,
                                   g_ptr_array_index (self->attributes, i),
                                   g_ptr_array_index (self->attributes, i + 1));
  g_string_assign (copy->text, self->text->str);
  for (guint i = 0; i < self->children->len; i++)
    g_ptr_array_add (copy->children, signet_xml_node_copy (g_ptr_array_index (self->children, i)));

  return copy;
}

const char *
signet_xml_node_get_name (SignetXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

const char *
signet_xml_node_get_namespace (SignetXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->xmlns;
}

gboolean
signet_xml_node_is (SignetXmlNode *self,
                    const char    *name,
                    const char    *xmlns)
{
  if (self == NULL)
    return FALSE;

  return (name == NULL || g_strcmp0 (self->name, name) == 0) &&
         (xmlns == NULL || g_strcmp0 (self->xmlns, xmlns) == 0);
}

static int
find_attribute (SignetXmlNode *self,
                const char    *name)
{
  for (guint i = 0; i + 1 < self->attributes->len; i += 2)
    if (g_strcmp0 (g_ptr_array_index (self->attributes, i), name) == 0)
      return (int) i;

  return -1;
}

const char *
signet_xml_node_get_attribute (SignetXmlNode *self,
                               const char    *name)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = find_attribute (self, name);
  return i < 0 ? NULL : g_ptr_array_index (self->attributes, i + 1);
}

void
signet_xml_node_set_attribute (SignetXmlNode *self,
                               const char    *name,
                               const char    *value)
{
  int i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  i = find_attribute (self, name);
  if (i >= 0)
    {
      if (value != NULL)
        {
          g_free (g_ptr_array_index (self->attributes, i + 1));
          g_ptr_array_index (self->attributes, i + 1) = g_strdup (value);
        }
      else
        {
          g_ptr_array_remove_range (self->attributes, i, 2);
        }
      return;
    }

  if (value == NULL)
    return;

  /* Keep the trailing NULL last. */
  g_ptr_array_insert (self->attributes, self->attributes->len - 1, g_strdup (name));
  g_ptr_array_insert (self->attributes, self->attributes->len - 1, g_strdup (value));
}

const char * const *
signet_xml_node_get_attributes (SignetXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->attributes->pdata;
}

const char *
signet_xml_node_get_text (SignetXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text->str;
}

void
signet_xml_node_set_text (SignetXmlNode *self,
                          const char    *text)
{
  g_return_if_fail (self != NULL);

  g_string_assign (self->text, text ? text : "");
}

guint
signet_xml_node_get_n_children (SignetXmlNode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->children->len;
}

SignetXmlNode *
signet_xml_node_get_nth_child (SignetXmlNode *self,
                               guint          n)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n >= self->children->len)
    return NULL;

  return g_ptr_array_index (self->children, n);
}

SignetXmlNode *
signet_xml_node_get_child (SignetXmlNode *self,
                           const char    *name,
                           const char    *xmlns)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->children->len; i++)
    {
      SignetXmlNode *child = g_ptr_array_index (self->children, i);

      if (signet_xml_node_is (child, name, xmlns))
        return child;
    }

  return NULL;
}

const char *
signet_xml_node_get_child_text (SignetXmlNode *self,
                                const char    *name,
                                const char    *xmlns)
{
  SignetXmlNode *child = signet_xml_node_get_child (self, name, xmlns);

  return child ? child->text->str : NULL;
}

SignetXmlNode *
signet_xml_node_append (SignetXmlNode *self,
                        SignetXmlNode *child)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (child != NULL, NULL);

  g_ptr_array_add (self->children, signet_xml_node_ref (child));
  return child;
}

SignetXmlNode *
signet_xml_node_add_child (SignetXmlNode *self,
                           const char    *name,
                           const char    *xmlns)
{
  SignetXmlNode *child;

  g_return_val_if_fail (self != NULL, NULL);

  child = signet_xml_node_new (name, xmlns ? xmlns : self->xmlns);
  g_ptr_array_add (self->children, child);
  return child;
}

SignetXmlNode *
signet_xml_node_add_text_child (SignetXmlNode *self,
                                const char    *name,
                                const char    *xmlns,
                                const char    *text)
{
  SignetXmlNode *child = signet_xml_node_add_child (self, name, xmlns);

  signet_xml_node_set_text (child, text);
  return child;
}

/*
 * Serialization
 */

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

static void
serialize (SignetXmlNode *self,
           const char    *parent_xmlns,
           GString       *out)
{
  const char *xmlns = self->xmlns != NULL ? self->xmlns : "";

  g_string_append_c (out, '<');
  g_string_append (out, self->name);

  /* No namespace (NULL, or "" as read from xmlns='') inside a parent's
   * default one is written as xmlns='': an element read in no namespace
   * below a prefixed one would otherwise move into the namespace that the
   * prefix is written as. */
  if (strcmp (xmlns, parent_xmlns != NULL ? parent_xmlns : "") != 0)
    {
      g_string_append (out, " xmlns='");
      append_escaped (out, xmlns);
      g_string_append_c (out, '\'');
    }

  for (guint i = 0; i + 1 < self->attributes->len; i += 2)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, g_ptr_array_index (self->attributes, i));
      g_string_append (out, "='");
      append_escaped (out, g_ptr_array_index (self->attributes, i + 1));
      g_string_append_c (out, '\'');
    }

  if (self->text->len == 0 && self->children->len == 0)
    {
      g_string_append (out, "/>");
      return;
    }

  g_string_append_c (out, '>');
  append_escaped (out, self->text->str);
  for (guint i = 0; i < self->children->len; i++)
    serialize (g_ptr_array_index (self->children, i), self->xmlns, out);
  g_string_append (out, "</");
  g_string_append (out, self->name);
  g_string_append_c (out, '>');
}

char *
signet_xml_node_to_string (SignetXmlNode *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  serialize (self, NULL, out);
  return g_string_free (out, FALSE);
}

/*
 * Parsing: GMarkup does not know namespaces, so prefixes are resolved here
 * with a stack of scopes.
 */

typedef struct
{
  GHashTable *prefixes; /* prefix ("" for the default) → URI, owned */
} Scope;

typedef struct
{
  GPtrArray     *scopes;     /* Scope*, innermost last */
  GPtrArray     *open;       /* SignetXmlNode*, borrowed, innermost last */
  SignetXmlNode *root;       /* owned */
  gsize bytes;               /* within the current top-level element */

  /* Stream mode: depth 0 is <stream:stream>, its children are reported. */
  gboolean stream_mode;
  SignetXmlNode *stream_header;
  SignetXmlStreamOpenFunc open_func;
  SignetXmlStreamElementFunc element_func;
  SignetXmlStreamCloseFunc close_func;
  gpointer user_data;
} ParseState;

static void
scope_free (gpointer data)
{
  Scope *scope = data;

  g_hash_table_unref (scope->prefixes);
  g_free (scope);
}

static const char *
lookup_prefix (ParseState *state,
               const char *prefix)
{
  if (g_strcmp0 (prefix, "xml") == 0)
    return "http://www.w3.org/XML/1998/namespace";

  for (guint i = state->scopes->len; i > 0; i--)
    {
      Scope *scope = g_ptr_array_index (state->scopes, i - 1);
      const char *uri = g_hash_table_lookup (scope->prefixes, prefix);

      if (uri != NULL)
        return uri;
    }

  return NULL;
}

/* GMarkup checks XML 1.0 names, where ':' is an ordinary name character.
 * Namespaces in XML allow at most one colon, between two non-empty parts,
 * and a local part cannot start with a digit, '-' or '.': anything else would
 * come out of the serializer as XML that no parser reads back. */
static gboolean
is_ncname (const char *name,
           gsize       length)
{
  const char *end = name + length;

  if (length == 0)
    return FALSE;

  for (const char *p = name; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (p == name && !g_unichar_isalpha (c) && c != '_')
        return FALSE;
      if (!g_unichar_isalnum (c) && strchr ("_-.", (int) c) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_qname (const char *name)
{
  const char *colon = strchr (name, ':');

  if (colon == NULL)
    return is_ncname (name, strlen (name));

  return is_ncname (name, colon - name) && is_ncname (colon + 1, strlen (colon + 1));
}

static gboolean
check_names (const char  *qname,
             const char **names,
             const char **values,
             GError     **error)
{
  gboolean valid = is_qname (qname) && !g_str_has_prefix (qname, "xmlns:");

  for (guint i = 0; valid && names[i] != NULL; i++)
    {
      valid = is_qname (names[i]);
      /* "xmlns:p=''" would undeclare a prefix, which XML 1.0 forbids. */
      if (valid && g_str_has_prefix (names[i], "xmlns:"))
        valid = values[i][0] != '\0';
    }

  if (!valid)
    g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                 _("The server sent XML with an invalid element or attribute name."));

  return valid;
}

static SignetXmlNode *
element_from_markup (ParseState  *state,
                     const char  *qname,
                     const char **names,
                     const char **values,
                     GError     **error)
{
  Scope *scope;
  g_autofree char *prefix = NULL;
  const char *local = qname;
  const char *colon;
  const char *uri;
  SignetXmlNode *node;

  if (!check_names (qname, names, values, error))
    return NULL;

  scope = g_new0 (Scope, 1);
  scope->prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_ptr_array_add (state->scopes, scope);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], "xmlns") == 0)
        g_hash_table_insert (scope->prefixes, g_strdup (""), g_strdup (values[i]));
      else if (g_str_has_prefix (names[i], "xmlns:"))
        g_hash_table_insert (scope->prefixes, g_strdup (names[i] + 6), g_strdup (values[i]));
    }

  colon = strchr (qname, ':');
  if (colon != NULL)
    {
      prefix = g_strndup (qname, colon - qname);
      local = colon + 1;
    }

  uri = lookup_prefix (state, prefix ? prefix : "");
  if (prefix != NULL && uri == NULL)
    {
      g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                   _("The server sent XML with an undeclared namespace prefix."));
      return NULL;
    }

  node = signet_xml_node_new (local, uri);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], "xmlns") == 0 || g_str_has_prefix (names[i], "xmlns:"))
        continue;
      signet_xml_node_set_attribute (node, names[i], values[i]);
    }

  return node;
}

static void
on_start_element (GMarkupParseContext *context,
                  const char          *element_name,
                  const char         **attribute_names,
                  const char         **attribute_values,
                  gpointer             user_data,
                  GError             **error)
{
  ParseState *state = user_data;
  SignetXmlNode *node;

  if (state->open->len >= MAX_DEPTH)
    {
      g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_TOO_LARGE,
                   _("The server sent XML nested too deeply."));
      return;
    }

  if (!state->stream_mode && state->open->len == 0 && state->root != NULL)
    {
      g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                   _("The server sent more than one XML document."));
      return;
    }

  node = element_from_markup (state, element_name, attribute_names, attribute_values, error);
  if (node == NULL)
    return;

  if (state->stream_mode && state->stream_header == NULL)
    {
      state->stream_header = node;
      if (state->open_func != NULL)
        state->open_func (node, state->user_data);
      return;
    }

  if (state->open->len == 0)
    {
      g_clear_pointer (&state->root, signet_xml_node_unref);
      state->root = node;
      state->bytes = 0;
    }
  else
    {
      SignetXmlNode *parent = g_ptr_array_index (state->open, state->open->len - 1);

      g_ptr_array_add (parent->children, node);
    }

  g_ptr_array_add (state->open, node);
}

static void
on_end_element (GMarkupParseContext *context,
                const char          *element_name,
                gpointer             user_data,
                GError             **error)
{
  ParseState *state = user_data;

  g_ptr_array_remove_index (state->scopes, state->scopes->len - 1);

  if (state->open->len == 0)
    {
      /* Only the stream header closes with nothing open. */
      if (state->close_func != NULL)
        state->close_func (state->user_data);
      return;
    }

  g_ptr_array_remove_index (state->open, state->open->len - 1);

  if (state->open->len == 0 && state->stream_mode)
    {
      g_autoptr(SignetXmlNode) element = g_steal_pointer (&state->root);

      if (state->element_func != NULL)
        state->element_func (element, state->user_data);
    }
}

static void
on_text (GMarkupParseContext *context,
         const char          *text,
         gsize                text_len,
         gpointer             user_data,
         GError             **error)
{
  ParseState *state = user_data;
  SignetXmlNode *node;

  if (state->open->len == 0)
    return;

  state->bytes += text_len;
  if (state->bytes > MAX_STANZA_BYTES)
    {
      g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_TOO_LARGE,
                   _("The server sent an element that is too large."));
      return;
    }

  node = g_ptr_array_index (state->open, state->open->len - 1);
  g_string_append_len (node->text, text, text_len);
}

static const GMarkupParser parser_funcs = {
  on_start_element,
  on_end_element,
  on_text,
  NULL,
  NULL,
};

static void
parse_state_init (ParseState *state)
{
  memset (state, 0, sizeof *state);
  state->scopes = g_ptr_array_new_with_free_func (scope_free);
  state->open = g_ptr_array_new ();
}

static void
parse_state_clear (ParseState *state)
{
  g_clear_pointer (&state->scopes, g_ptr_array_unref);
  g_clear_pointer (&state->open, g_ptr_array_unref);
  g_clear_pointer (&state->root, signet_xml_node_unref);
  g_clear_pointer (&state->stream_header, signet_xml_node_unref);
}

static void
set_malformed (GError      **error,
               const GError *cause)
{
  if (cause->domain == SIGNET_XML_ERROR)
    g_propagate_error (error, g_error_copy (cause));
  else
    g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                 _("The server sent malformed XML: %s"), cause->message);
}

/* GLib 2.74's GMarkup returns TRUE with its error set for invalid UTF-8
 * inside CDATA, and then warns on the next call: so every byte is checked
 * before GMarkup sees it.  NUL bytes are refused too. */
static gboolean
check_utf8 (const char *text,
            gsize       length,
            GError    **error)
{
  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                   _("The server sent XML that is not valid UTF-8."));
      return FALSE;
    }

  /* XML 1.0 allows no C0 control but tab, newline and carriage return:
   * GMarkup lets them through, and they would serialize into character
   * references that it refuses. */
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) text[i] < 0x20 && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
        {
          g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                       _("The server sent malformed XML."));
          return FALSE;
        }
    }

  return TRUE;
}

/* GMarkup's result is only trusted when it agrees with its error. */
static gboolean
markup_parse (GMarkupParseContext *context,
              const char          *text,
              gsize                length,
              GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_markup_parse_context_parse (context, text, length, &local_error) || local_error != NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new_literal (SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                                           _("The server sent malformed XML."));
      set_malformed (error, local_error);
      return FALSE;
    }

  return TRUE;
}

SignetXmlNode *
signet_xml_node_parse (const char *text,
                       gssize      length,
                       GError    **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  ParseState state;
  SignetXmlNode *root;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);

  parse_state_init (&state);
  context = g_markup_parse_context_new (&parser_funcs, G_MARKUP_TREAT_CDATA_AS_TEXT, &state, NULL);

  if (!check_utf8 (text, length, error) || !markup_parse (context, text, length, error))
    {
      parse_state_clear (&state);
      return NULL;
    }

  if (!g_markup_parse_context_end_parse (context, &local_error))
    {
      set_malformed (error, local_error);
      parse_state_clear (&state);
      return NULL;
    }

  root = g_steal_pointer (&state.root);
  parse_state_clear (&state);

  if (root == NULL)
    g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                 _("The server sent an empty document."));

  return root;
}

/*
 * Stream reader
 */

struct _SignetXmlStreamReader
{
  GMarkupParseContext *context;
  ParseState state;
  /* The start of a UTF-8 sequence that the next chunk completes. */
  char partial[4];
  gsize n_partial;
  gboolean failed;
};

SignetXmlStreamReader *
signet_xml_stream_reader_new (SignetXmlStreamOpenFunc    open_func,
                              SignetXmlStreamElementFunc element_func,
                              SignetXmlStreamCloseFunc   close_func,
                              gpointer                   user_data)
{
  SignetXmlStreamReader *self = g_new0 (SignetXmlStreamReader, 1);

  parse_state_init (&self->state);
  self->state.stream_mode = TRUE;
  self->state.open_func = open_func;
  self->state.element_func = element_func;
  self->state.close_func = close_func;
  self->state.user_data = user_data;
  self->context = g_markup_parse_context_new (&parser_funcs, G_MARKUP_TREAT_CDATA_AS_TEXT,
                                              &self->state, NULL);

  return self;
}

void
signet_xml_stream_reader_free (SignetXmlStreamReader *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->context, g_markup_parse_context_free);
  parse_state_clear (&self->state);
  g_free (self);
}

/* Moves the bytes at the end of @chunk that begin a UTF-8 sequence but do
 * not finish it into @self->partial, and returns the length of the rest. */
static gsize
hold_partial_sequence (SignetXmlStreamReader *self,
                       const char            *chunk,
                       gsize                  length)
{
  for (gsize back = 1; back <= 3 && back <= length; back++)
    {
      const char *start = chunk + length - back;

      if (((guchar) *start & 0xC0) == 0x80)
        continue;
      if (g_utf8_get_char_validated (start, back) != (gunichar) -2)
        return length;
      memcpy (self->partial, start, back);
      self->n_partial = back;
      return length - back;
    }

  return length;
}

gboolean
signet_xml_stream_reader_feed (SignetXmlStreamReader *self,
                               const char            *data,
                               gsize                  length,
                               GError               **error)
{
  g_autoptr(GByteArray) chunk = g_byte_array_sized_new (length + sizeof self->partial);
  gsize complete;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->failed)
    {
      g_set_error (error, SIGNET_XML_ERROR, SIGNET_XML_ERROR_MALFORMED,
                   _("The server sent malformed XML."));
      return FALSE;
    }

  g_byte_array_append (chunk, (const guint8 *) self->partial, self->n_partial);
  g_byte_array_append (chunk, (const guint8 *) data, length);
  self->n_partial = 0;
  complete = hold_partial_sequence (self, (const char *) chunk->data, chunk->len);

  if (!check_utf8 ((const char *) chunk->data, complete, error) ||
      !markup_parse (self->context, (const char *) chunk->data, complete, error))
    {
      self->failed = TRUE;
      return FALSE;
    }

  return TRUE;
}
