/* signet-test-secrets.c: the secrets audit after a flow.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "signet-phone.h"
#include "signet-secret-store-private.h"
#include "signet-test-secrets.h"

/* Larger files are not Signet's: its records are a few KiB. */
#define MAX_FILE_SIZE (4 * 1024 * 1024)
/* Codes have 4 digits and more; a shorter "secret" (a test's "x") would be
 * found in any text. */
#define SECRET_MIN_LENGTH 4

/* What the running test used and what its programs printed. */
typedef struct
{
  GPtrArray  *secrets;
  GPtrArray  *phones;
  /* Addresses, and the local parts Kontalk makes from the test's numbers. */
  GPtrArray  *accounts;
  GString    *out;
  GString    *err;
  GPtrArray  *dirs;
  GHashTable *allowed_files;
  /* Where each secret came from, to say which one leaked without it. */
  GHashTable *origins;
} Audit;

static GMutex lock;
static Audit audit;
/* What main() gathered before the first test (an account set up for all
 * of them): every test's audit starts from it. */
static Audit baseline;

static void
audit_ensure (void)
{
  if (audit.secrets != NULL)
    return;

  audit.secrets = g_ptr_array_new_with_free_func (g_free);
  audit.phones = g_ptr_array_new_with_free_func (g_free);
  audit.accounts = g_ptr_array_new_with_free_func (g_free);
  audit.out = g_string_new (NULL);
  audit.err = g_string_new (NULL);
  audit.dirs = g_ptr_array_new_with_free_func (g_free);
  audit.allowed_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  audit.origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
audit_clear (Audit *self)
{
  g_clear_pointer (&self->secrets, g_ptr_array_unref);
  g_clear_pointer (&self->phones, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  if (self->out != NULL)
    g_string_free (g_steal_pointer (&self->out), TRUE);
  if (self->err != NULL)
    g_string_free (g_steal_pointer (&self->err), TRUE);
  g_clear_pointer (&self->dirs, g_ptr_array_unref);
  g_clear_pointer (&self->allowed_files, g_hash_table_unref);
  g_clear_pointer (&self->origins, g_hash_table_unref);
}

static void
copy_strings (GPtrArray *to,
              GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_strdup (g_ptr_array_index (from, i)));
}

/* @to gets @from's lists; what was printed stays with @from's test. */
static void
audit_copy (Audit *to,
            Audit *from)
{
  GHashTableIter iter;
  gpointer path, origin;

  audit_clear (to);
  if (from->secrets == NULL)
    return;

  to->secrets = g_ptr_array_new_with_free_func (g_free);
  to->phones = g_ptr_array_new_with_free_func (g_free);
  to->accounts = g_ptr_array_new_with_free_func (g_free);
  to->out = g_string_new (NULL);
  to->err = g_string_new (NULL);
  to->dirs = g_ptr_array_new_with_free_func (g_free);
  to->allowed_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  to->origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  copy_strings (to->secrets, from->secrets);
  copy_strings (to->phones, from->phones);
  copy_strings (to->accounts, from->accounts);
  copy_strings (to->dirs, from->dirs);
  g_hash_table_iter_init (&iter, from->allowed_files);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_hash_table_add (to->allowed_files, g_strdup (path));
  g_hash_table_iter_init (&iter, from->origins);
  while (g_hash_table_iter_next (&iter, &path, &origin))
    g_hash_table_insert (to->origins, g_strdup (path), g_strdup (origin));
}

void
signet_test_secrets_reset (void)
{
  g_mutex_lock (&lock);
  audit_copy (&audit, &baseline);
  g_mutex_unlock (&lock);
}

static void
add_unique (GPtrArray  *array,
            const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), text))
      return;
  g_ptr_array_add (array, g_strdup (text));
}

static void
add_secret (const char *secret,
            const char *origin)
{
  /* Shorter text is everywhere: the audit cannot tell it from a leak. */
  if (secret == NULL || strlen (secret) < SECRET_MIN_LENGTH)
    return;
  add_unique (audit.secrets, secret);
  if (!g_hash_table_contains (audit.origins, secret))
    g_hash_table_insert (audit.origins, g_strdup (secret), g_strdup (origin));
}

void
signet_test_secrets_add_from (const char *secret,
                              const char *origin)
{
  g_mutex_lock (&lock);
  audit_ensure ();
  add_secret (secret, origin);
  g_mutex_unlock (&lock);
}

void
signet_test_secrets_add (const char *secret)
{
  signet_test_secrets_add_from (secret, "given by the test");
}

void
signet_test_secrets_add_account (const char *jid)
{
  g_mutex_lock (&lock);
  audit_ensure ();
  add_unique (audit.accounts, jid);
  g_mutex_unlock (&lock);
}

/* @formatted, and the same with no-break spaces (as the wizard shows it). */
static void
add_grouped (const char *formatted)
{
  g_auto(GStrv) groups = g_strsplit (formatted, " ", -1);
  g_autofree char *nbsp = g_strjoinv ("\u00a0", groups);

  add_unique (audit.phones, formatted);
  add_unique (audit.phones, nbsp);
}

void
signet_test_secrets_add_phone (const char *number)
{
  /* Parsed outside the lock: parsing may log, and the log is audited. */
  g_autoptr(GError) error = NULL;
  SignetPhoneNumber *parsed = signet_phone_number_parse (number, NULL, &error);
  g_autofree char *cc = NULL;
  g_autofree char *trunk_free = NULL;
  const char *e164;

  g_mutex_lock (&lock);
  audit_ensure ();
  add_unique (audit.phones, number);
  if (parsed != NULL)
    {
      e164 = signet_phone_number_get_e164 (parsed);
      cc = g_strdup_printf ("%u", signet_phone_number_get_country_code (parsed));
      trunk_free = g_strconcat ("00", e164 + 1, NULL);
      add_unique (audit.phones, e164);
      add_unique (audit.phones, e164 + 1);
      add_unique (audit.phones, trunk_free);
      /* The national significant number, as typed without the country. */
      add_unique (audit.phones, e164 + 1 + strlen (cc));
      add_grouped (signet_phone_number_get_international (parsed));
      add_grouped (signet_phone_number_get_national (parsed));
      /* Kontalk's address is derived from the number: its items are ours. */
      g_ptr_array_add (audit.accounts, g_compute_checksum_for_string (G_CHECKSUM_SHA1, e164, -1));
    }
  g_mutex_unlock (&lock);
  g_clear_pointer (&parsed, signet_phone_number_free);
}

void
signet_test_secrets_add_output (const char *out,
                                const char *err)
{
  g_mutex_lock (&lock);
  audit_ensure ();
  if (out != NULL)
    g_string_append_printf (audit.out, "%s\n", out);
  if (err != NULL)
    g_string_append_printf (audit.err, "%s\n", err);
  g_mutex_unlock (&lock);
}

void
signet_test_secrets_add_dir (const char *path)
{
  g_mutex_lock (&lock);
  audit_ensure ();
  add_unique (audit.dirs, path);
  g_mutex_unlock (&lock);
}

void
signet_test_secrets_allow_file (const char *path)
{
  g_mutex_lock (&lock);
  audit_ensure ();
  g_hash_table_add (audit.allowed_files, g_canonicalize_filename (path, NULL));
  g_mutex_unlock (&lock);
}

GLogWriterOutput
signet_test_secrets_log_writer (GLogLevelFlags   log_level,
                                const GLogField *fields,
                                gsize            n_fields,
                                gpointer         user_data)
{
  g_mutex_lock (&lock);
  audit_ensure ();
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") || g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      {
        if (fields[i].length < 0)
          g_string_append (audit.err, fields[i].value);
        else
          g_string_append_len (audit.err, fields[i].value, fields[i].length);
        g_string_append_c (audit.err, fields[i].key[0] == 'M' ? '\n' : ' ');
      }
  g_mutex_unlock (&lock);

  /* Only the audit reads the debug messages: the test's own log stays short. */
  if (user_data == NULL && (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, NULL);
}

void
signet_test_secrets_log_install (void)
{
  /* In this process only: the servers a test starts keep their logs short. */
  g_log_set_debug_enabled (TRUE);
  g_log_set_writer_func (signet_test_secrets_log_writer, NULL, NULL);
}

/*
 * Looking for secrets
 */

static gboolean
is_digits (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Whether @needle is in @text.  A needle of digits only (a code, a number
 * without its "+") counts only where no letter or digit touches it, so that
 * a code is not found inside a fingerprint or a time stamp by chance. */
static const char *
find_needle (const char *text,
             gsize       length,
             const char *needle)
{
  gsize needle_length = strlen (needle);
  gboolean digits = is_digits (needle);
  const char *end = text + length;

  for (const char *p = text; p != NULL && p + needle_length <= end; p++)
    {
      p = g_strstr_len (p, end - p, needle);
      if (p == NULL)
        return NULL;
      if (!digits)
        return p;
      if ((p == text || !g_ascii_isalnum (p[-1])) &&
          (p + needle_length == end || !g_ascii_isalnum (p[needle_length])))
        return p;
    }

  return NULL;
}

/* Where the last leak was found: a few characters around it, the secret
 * masked, so that the report says what printed it. */
static char *last_context;

static void
remember_context (const char *text,
                  gsize       length,
                  const char *at,
                  gsize       needle_length)
{
  const char *start = MAX (text, at - 60);
  const char *stop = MIN (text + length, at + needle_length + 60);
  g_autofree char *before = g_utf8_make_valid (start, at - start);
  g_autofree char *after = g_utf8_make_valid (at + needle_length, stop - at - needle_length);

  g_free (last_context);
  last_context = g_strdup_printf ("…%s[…]%s…", before, after);
  g_strdelimit (last_context, "\n\r", ' ');
}

static const char *
find_any (const char *text,
          gssize      length,
          GPtrArray  *needles)
{
  gsize size;

  if (text == NULL)
    return NULL;

  size = length < 0 ? strlen (text) : (gsize) length;
  for (guint i = 0; i < needles->len; i++)
    {
      const char *needle = g_ptr_array_index (needles, i);
      const char *at = find_needle (text, size, needle);

      if (at != NULL)
        {
          remember_context (text, size, at, strlen (needle));
          return needle;
        }
    }

  return NULL;
}

/* "A secret (where it came from) is in @place", without saying it. */
static char *
leak_of (const char *found,
         const char *place)
{
  const char *origin = g_hash_table_lookup (audit.origins, found);

  return g_strdup_printf ("A secret (%s, %zu characters) is in %s", origin ? origin : "?",
                          strlen (found), place);
}

/* A line GLib's default log writer made, as "Domain-DEBUG: …" or
 * "(process:12): Domain-WARNING **: …". */
static gboolean
is_log_line (const char *line)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("^(\\(.*:[0-9]+\\): )?[A-Za-z0-9_.-]+-"
                                            "(DEBUG|INFO|MESSAGE|WARNING|CRITICAL|ERROR)( \\*\\*)?: ",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_match (regex, line, 0, NULL);
}

static void
remove_tokens (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        remove_tokens (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      json_object_remove_member (object, "token");
      for (GList *l = members; l != NULL; l = l->next)
        if (json_object_has_member (object, l->data))
          remove_tokens (json_object_get_member (object, l->data));
    }
}

/* Standard output without the results that are secret by design: the
 * token "provision register" prints for the operator to hand on, as a
 * "token" member or a "Token:" line.  Everything else there is checked. */
static char *
output_without_tokens (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GString *rest = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (g_str_has_prefix (g_strchug (lines[i]), "Token:"))
        continue;
      if (*lines[i] == '{' && json_parser_load_from_data (parser, lines[i], -1, NULL))
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autofree char *text = NULL;

          remove_tokens (json_parser_get_root (parser));
          json_generator_set_root (generator, json_parser_get_root (parser));
          text = json_generator_to_data (generator, NULL);
          g_string_append_printf (rest, "%s\n", text);
        }
      else
        g_string_append_printf (rest, "%s\n", lines[i]);
    }

  return g_string_free (rest, FALSE);
}

static char *
find_in_output (void)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *results = output_without_tokens (audit.out->str);
  const char *found;

  if ((found = find_any (results, -1, audit.secrets)) != NULL)
    return leak_of (found, "the standard output");
  if ((found = find_any (audit.err->str, audit.err->len, audit.secrets)) != NULL)
    return leak_of (found, "the standard error or the log");
  if (find_any (audit.err->str, audit.err->len, audit.phones))
    return g_strdup ("A phone number is in the standard error or the log");

  lines = g_strsplit (audit.out->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (is_log_line (lines[i]) && find_any (lines[i], -1, audit.phones))
      return g_strdup ("A phone number is in a log line on the standard output");

  return NULL;
}

/* @contents without the top-level "phone" of Signet's own JSON records,
 * which is where the number belongs; NULL if @path is not one. */
static char *
without_record_phone (const char *path,
                      const char *contents,
                      gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  JsonNode *root;

  if (strstr (path, G_DIR_SEPARATOR_S "signet" G_DIR_SEPARATOR_S) == NULL ||
      !g_str_has_suffix (path, ".json"))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, contents, length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  json_object_remove_member (json_node_get_object (root), "phone");
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
find_in_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *rest = NULL;
  gsize length = 0;
  const char *found;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length > MAX_FILE_SIZE)
    return NULL;

  if ((found = find_any (contents, length, audit.secrets)) != NULL)
    {
      g_autofree char *place = g_strconcat ("the file ", path, NULL);

      return leak_of (found, place);
    }

  rest = without_record_phone (path, contents, length);
  if (rest != NULL ? find_any (rest, -1, audit.phones)
                   : find_any (contents, length, audit.phones))
    return g_strdup_printf ("A phone number is in the file %s%s", path,
                            rest != NULL ? " outside its \"phone\" member" : "");

  return NULL;
}

static char *
find_in_dir (const char *path,
             GHashTable *seen)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* The one place a secret may be: GnuPG keeps the key, encrypted. */
  if (g_str_has_suffix (path, G_DIR_SEPARATOR_S "signet" G_DIR_SEPARATOR_S "gnupg") ||
      !g_hash_table_add (seen, g_strdup (path)))
    return NULL;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      char *leak = NULL;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK) ||
          g_hash_table_contains (audit.allowed_files, child))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        leak = find_in_dir (child, seen);
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        leak = find_in_file (child);
      if (leak != NULL)
        return leak;
    }

  return NULL;
}

static char *
find_in_files (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *own[] = { g_get_user_data_dir (), g_get_user_config_dir (), g_get_user_cache_dir (),
                        g_get_home_dir (), NULL };

  for (guint i = 0; own[i] != NULL; i++)
    add_unique (audit.dirs, own[i]);

  for (guint i = 0; i < audit.dirs->len; i++)
    {
      g_autofree char *path = g_canonicalize_filename (g_ptr_array_index (audit.dirs, i), NULL);
      char *leak = find_in_dir (path, seen);

      if (leak != NULL)
        return leak;
    }

  return NULL;
}

/*
 * The keyring
 */

typedef struct
{
  char       *kind;
  char       *server;
  char       *jid;
  char       *label;
  char       *secret;
  GHashTable *attributes;
} Item;

static void
item_free (Item *item)
{
  g_free (item->kind);
  g_free (item->server);
  g_free (item->jid);
  g_free (item->label);
  g_free (item->secret);
  g_hash_table_unref (item->attributes);
  g_free (item);
}

/* Programs running at the same time share the keyring, and one may delete
 * its items while this search builds its list: the search then fails on
 * an item that is gone.  The list is taken again; an item that vanishes
 * later was another test's, which audits it itself. */
static GList *
search_items (void)
{
  g_autoptr(GError) error = NULL;

  for (guint attempt = 0; attempt < 10; attempt++)
    {
      GList *found;

      g_clear_error (&error);
      found = secret_password_search_sync (signet_account_store_get_schema (),
                                           SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                           NULL, &error, NULL);
      if (error == NULL)
        return found;
      g_test_message ("The keyring changed during the search (%s): searching again", error->message);
    }
  g_assert_no_error (error);

  return NULL;
}

static GPtrArray *
load_items (void)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  GList *found = search_items ();

  for (GList *l = found; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SecretValue) value = secret_retrievable_retrieve_secret_sync (l->data, NULL, &error);
      Item *item;

      if (error != NULL)
        {
          g_test_message ("A keyring item went away during the audit: %s", error->message);
          continue;
        }
      item = g_new0 (Item, 1);
      item->attributes = secret_retrievable_get_attributes (l->data);
      item->kind = g_strdup (g_hash_table_lookup (item->attributes, "kind"));
      item->server = g_strdup (g_hash_table_lookup (item->attributes, "server"));
      item->jid = g_strdup (g_hash_table_lookup (item->attributes, "jid"));
      item->label = secret_retrievable_get_label (l->data);
      item->secret = value != NULL ? g_strdup (secret_value_get_text (value)) : NULL;
      g_ptr_array_add (items, item);
    }
  g_list_free_full (found, g_object_unref);

  return items;
}

/* The test's own: for one of its addresses, or one of its numbers'. */
static gboolean
is_own_item (const Item *item)
{
  for (guint i = 0; item->jid != NULL && i < audit.accounts->len; i++)
    {
      const char *account = g_ptr_array_index (audit.accounts, i);
      gsize length = strlen (account);

      if (g_str_equal (item->jid, account) ||
          (g_str_has_prefix (item->jid, account) && item->jid[length] == '@'))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_account_kind (const char *kind)
{
  const char *kinds[] = { "kontalk", "xmpp", "cadmium", "cadmium-token", NULL };

  return kind != NULL && g_strv_contains (kinds, kind);
}

/* A sign-up in progress whose account exists with its passphrase is
 * finished: its item is left over.  (An account of the same number made
 * earlier, with another passphrase, does not make a new sign-up finished.) */
static gboolean
is_finished_pending (const Item *item,
                     GPtrArray  *items)
{
  if (g_strcmp0 (item->kind, "kontalk-pending") != 0)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      const Item *other = g_ptr_array_index (items, i);

      if (g_strcmp0 (other->kind, "kontalk") == 0 && g_strcmp0 (other->jid, item->jid) == 0 &&
          g_strcmp0 (other->server, item->server) == 0 && g_strcmp0 (other->secret, item->secret) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
find_in_item (const Item *item,
              GPtrArray  *items,
              GPtrArray  *given)
{
  GHashTableIter iter;
  gpointer value;
  const char *found;

  g_hash_table_iter_init (&iter, item->attributes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (find_any (value, -1, audit.secrets) ||
        find_any (value, -1, audit.phones))
      return g_strdup_printf ("A secret or a phone number is in an attribute of the keyring item of kind “%s”",
                              item->kind);
  if (item->label != NULL && (find_any (item->label, -1, audit.secrets) ||
                              find_any (item->label, -1, audit.phones)))
    return g_strdup_printf ("A secret or a phone number is in the label of the keyring item of kind “%s”",
                            item->kind);

  if (item->secret == NULL || is_account_kind (item->kind))
    return NULL;
  if (is_own_item (item) && is_finished_pending (item, items))
    return g_strdup_printf ("The keyring item of a finished sign-up (%s) is left, with the account's passphrase",
                            item->jid);
  /* Another kind of item holds nothing the test typed or was sent. */
  if ((found = find_any (item->secret, -1, given)) != NULL)
    {
      g_autofree char *place = g_strdup_printf ("the keyring item of kind “%s”", item->kind);

      return leak_of (found, place);
    }

  return NULL;
}

static char *
find_in_keyring (GPtrArray *items)
{
  g_autoptr(GPtrArray) given = g_ptr_array_copy (audit.secrets, (GCopyFunc) (void (*)(void))g_strdup, NULL);

  g_ptr_array_set_free_func (given, g_free);

  /* What the test's own items keep is secret everywhere else. */
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = g_ptr_array_index (items, i);

      if (is_own_item (item))
        add_secret (item->secret, "an account's keyring item");
    }

  for (guint i = 0; i < items->len; i++)
    {
      char *leak = find_in_item (g_ptr_array_index (items, i), items, given);

      if (leak != NULL)
        return leak;
    }

  return NULL;
}

char *
signet_test_secrets_find_leak (void)
{
  /* Loaded outside the lock: D-Bus logs, and the log is audited. */
  g_autoptr(GPtrArray) items = load_items ();
  char *leak;

  g_mutex_lock (&lock);
  audit_ensure ();
  /* The keyring first: the secrets it keeps are looked for everywhere. */
  leak = find_in_keyring (items);
  if (leak == NULL)
    leak = find_in_output ();
  if (leak == NULL)
    leak = find_in_files ();
  g_mutex_unlock (&lock);

  return leak;
}

void
signet_test_secrets_check (void)
{
  g_autofree char *leak = signet_test_secrets_find_leak ();

  signet_test_secrets_reset ();
  if (leak != NULL)
    g_error ("%s, here: %s", leak, last_context);
}

void
signet_test_secrets_audit (const SignetTestSecrets *report)
{
  for (guint i = 0; report->secrets != NULL && report->secrets[i] != NULL; i++)
    signet_test_secrets_add (report->secrets[i]);
  for (guint i = 0; report->phone_numbers != NULL && report->phone_numbers[i] != NULL; i++)
    signet_test_secrets_add_phone (report->phone_numbers[i]);
  signet_test_secrets_add_account (report->account_jid);
  signet_test_secrets_add_output (report->out, report->err);
  signet_test_secrets_check ();
}

/*
 * Audited tests
 */

typedef struct
{
  GTestFunc func;
  GTestDataFunc data_func;
  gconstpointer data;
  GDestroyNotify destroy;
} AuditedTest;

static void
audited_test_free (gpointer data)
{
  AuditedTest *test = data;

  if (test->destroy != NULL)
    test->destroy ((gpointer) test->data);
  g_free (test);
}

static void
run_audited (gconstpointer data)
{
  static gsize baseline_taken;
  const AuditedTest *test = data;
  gint64 start;

  if (g_once_init_enter (&baseline_taken))
    {
      g_mutex_lock (&lock);
      audit_copy (&baseline, &audit);
      g_mutex_unlock (&lock);
      g_once_init_leave (&baseline_taken, 1);
    }

  if (test->func != NULL)
    test->func ();
  else
    test->data_func (test->data);

  start = g_get_monotonic_time ();
  signet_test_secrets_check ();
  g_test_message ("The secrets audit took %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
}

void
signet_test_secrets_add_func (const char *path,
                              GTestFunc   func)
{
  AuditedTest *test = g_new0 (AuditedTest, 1);

  test->func = func;
  g_test_add_data_func_full (path, test, run_audited, audited_test_free);
}

void
signet_test_secrets_add_data_func (const char    *path,
                                   gconstpointer  data,
                                   GTestDataFunc  func,
                                   GDestroyNotify destroy)
{
  AuditedTest *test = g_new0 (AuditedTest, 1);

  test->data_func = func;
  test->data = data;
  test->destroy = destroy;
  g_test_add_data_func_full (path, test, run_audited, audited_test_free);
}
