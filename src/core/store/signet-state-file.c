/* signet-state-file.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "signet-state-file.h"

/* json-glib parses recursively; a file of nothing but '[' would exhaust the
 * stack long before the size limit.  Our files nest two levels deep. */
#define MAX_DEPTH 16

static int
open_regular_file (const char *path,
                   GError    **error)
{
  struct stat st;
  int fd;
  int saved_errno;

  /* O_NONBLOCK so that a FIFO planted there cannot make us wait forever;
   * O_NOFOLLOW because nothing of ours is a symbolic link. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == ELOOP)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a regular file");
      else
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                     "Cannot open: %s", g_strerror (saved_errno));
      return -1;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a regular file");
      close (fd);
      return -1;
    }

  if (st.st_size > SIGNET_STATE_FILE_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Larger than %d bytes", SIGNET_STATE_FILE_MAX_SIZE);
      close (fd);
      return -1;
    }

  return fd;
}

/* Reads at most SIGNET_STATE_FILE_MAX_SIZE bytes: the file may grow after
 * fstat() looked at it. */
static GBytes *
read_limited (int      fd,
              GError **error)
{
  g_autofree char *buffer = g_malloc (SIGNET_STATE_FILE_MAX_SIZE + 1);
  gsize length = 0;

  while (length <= SIGNET_STATE_FILE_MAX_SIZE)
    {
      gssize n = read (fd, buffer + length, SIGNET_STATE_FILE_MAX_SIZE + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "Cannot read: %s", g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      length += n;
    }

  if (length > SIGNET_STATE_FILE_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Larger than %d bytes", SIGNET_STATE_FILE_MAX_SIZE);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}

static gboolean
nesting_is_shallow (const char *data,
                    gsize       length)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > MAX_DEPTH)
        return FALSE;
      else if (c == ']' || c == '}')
        depth--;
    }

  return TRUE;
}

static JsonObject *
parse_object (GBytes  *bytes,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *root;

  if (!g_utf8_validate (data, length, NULL) || !nesting_is_shallow (data, length))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not JSON");
      return NULL;
    }

  /* The parser's message may quote the text near the error, and that text
   * may be a phone number: say only where it failed. */
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not JSON (line %u)",
                   json_parser_get_current_line (parser));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

JsonObject *
signet_state_file_read (const char *path,
                        GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_regular_file (path, error);
  if (fd < 0)
    return NULL;

  bytes = read_limited (fd, error);
  close (fd);
  if (bytes == NULL)
    return NULL;

  return parse_object (bytes, error);
}

static gboolean
ensure_private_dir (const char *dir,
                    GError    **error)
{
  GStatBuf st;

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_stat (dir, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot create the folder: %s", g_strerror (saved_errno));
      return FALSE;
    }

  /* A folder made earlier by hand or by an older version may be readable by
   * others; phone numbers live in these files. */
  if ((st.st_mode & 0777) != 0700 && g_chmod (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot make the folder private: %s", g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
signet_state_file_write (const char *path,
                         JsonObject *object,
                         GError    **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (!ensure_private_dir (dir, error))
    return FALSE;

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);

  /* CONSISTENT: a crash leaves the old file or the new one, never half of
   * either; the mode is set on the temporary file before anything is in it. */
  return g_file_set_contents_full (path, text, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* The member's value node, or NULL if it is missing or null. */
static JsonNode *
get_value (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
signet_state_file_get_string (JsonObject *object,
                              const char *member,
                              gboolean    required,
                              char      **value)
{
  JsonNode *node = get_value (object, member);

  *value = NULL;

  if (node == NULL)
    return !required;
  if (!holds (node, G_TYPE_STRING))
    return FALSE;

  *value = g_strdup (json_node_get_string (node));
  return !required || **value != '\0';
}

gboolean
signet_state_file_get_boolean (JsonObject *object,
                               const char *member,
                               gboolean   *value)
{
  JsonNode *node = get_value (object, member);

  *value = FALSE;

  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_BOOLEAN))
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
signet_state_file_get_int (JsonObject *object,
                           const char *member,
                           gint64      min,
                           gint64      max,
                           gint64     *value)
{
  JsonNode *node = get_value (object, member);

  *value = 0;

  if (node == NULL)
    return min <= 0 && 0 <= max;
  if (!holds (node, G_TYPE_INT64))
    return FALSE;

  *value = json_node_get_int (node);
  return min <= *value && *value <= max;
}

gboolean
signet_state_file_get_datetime (JsonObject *object,
                                const char *member,
                                GDateTime **value)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *text = NULL;

  *value = NULL;

  if (!signet_state_file_get_string (object, member, TRUE, &text))
    return FALSE;

  *value = g_date_time_new_from_iso8601 (text, utc);
  return *value != NULL;
}

gboolean
signet_state_file_is_e164 (const char *phone)
{
  gsize digits = 0;

  if (phone == NULL || phone[0] != '+' || phone[1] < '1' || phone[1] > '9')
    return FALSE;

  for (const char *p = phone + 1; *p != '\0'; p++, digits++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return digits >= 2 && digits <= 15;
}

/* The *_failed messages hold "%s" for the reason; they are not printf
 * formats, so that a table of them can be passed around. */
static void
set_failed (GError                     **error,
            const SignetStateFileErrors *errors,
            const char                  *message,
            const char                  *reason)
{
  g_autoptr(GString) text = g_string_new (_(message));

  g_string_replace (text, "%s", reason, 1);
  g_set_error_literal (error, errors->domain (), errors->failed, text->str);
}

gpointer
signet_state_file_load (const char                  *path,
                        const SignetStateFileErrors *errors,
                        SignetStateFileParse         parse,
                        gpointer                     user_data,
                        GError                     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = NULL;
  gpointer result;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = signet_state_file_read (path, &local_error);
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error_literal (error, errors->domain (), errors->not_found,
                           _(errors->not_found_message));
      return NULL;
    }
  if (local_error != NULL && local_error->domain == G_FILE_ERROR)
    {
      set_failed (error, errors, errors->read_failed, local_error->message);
      return NULL;
    }
  if (local_error != NULL)
    g_debug ("%s: %s", errors->log_name, local_error->message);

  result = object != NULL ? parse (object, user_data) : NULL;
  if (result == NULL)
    g_set_error_literal (error, errors->domain (), errors->invalid, _(errors->invalid_message));

  return result;
}

gboolean
signet_state_file_save (const char                  *path,
                        JsonObject                  *object,
                        const SignetStateFileErrors *errors,
                        GError                     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (signet_state_file_write (path, object, &local_error))
    return TRUE;

  set_failed (error, errors, errors->write_failed, local_error->message);
  return FALSE;
}

gboolean
signet_state_file_remove (const char                  *path,
                          const SignetStateFileErrors *errors,
                          gboolean                     missing_ok,
                          GError                     **error)
{
  int saved_errno;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_unlink (path) == 0)
    return TRUE;

  saved_errno = errno;
  if (saved_errno == ENOENT && missing_ok)
    return TRUE;

  if (saved_errno == ENOENT)
    g_set_error_literal (error, errors->domain (), errors->not_found,
                         _(errors->not_found_message));
  else
    set_failed (error, errors, errors->remove_failed, g_strerror (saved_errno));

  return FALSE;
}
