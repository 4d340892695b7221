/* signet-module.c: parts of the core opened when first used
 *
 * Some libraries are needed by one feature only, and each one loaded at
 * start costs every run of Signet its relocations and resident pages:
 * libsoup (with Kerberos, SQLite, nghttp2 and libpsl) only for Cadmium and
 * provisioning, libphonenumber (with protobuf, ICU and Abseil) only once a
 * phone number is typed.  The code that calls them is built as a module,
 * with a table of plain C functions as its only export, and opened here on
 * first use.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "signet-module.h"

G_DEFINE_QUARK (signet-module-error-quark, signet_module_error)

/* Tables by module name.  A module is never closed: its functions and the
 * objects of its libraries may be in use until the process ends. */
static GMutex lock;
static GHashTable *tables;

static const char *
module_dir (void)
{
  const char *dir = g_getenv ("SIGNET_MODULE_DIR");
  g_autofree char *program = NULL;

  if (dir != NULL && *dir != '\0')
    return dir;

  /* Programs and tests run from the build tree use the modules built with
   * them, never older installed ones. */
  program = g_file_read_link ("/proc/self/exe", NULL);
  if (program != NULL && g_str_has_prefix (program, SIGNET_BUILD_ROOT "/"))
    return SIGNET_BUILD_MODULE_DIR;

  return SIGNET_MODULE_DIR;
}

static GError *
missing_error (const char *path,
               const char *reason)
{
  /* Translators: the first %s is a file, the second the reason, in English */
  return g_error_new (SIGNET_MODULE_ERROR, SIGNET_MODULE_ERROR_MISSING,
                      _("A part of Signet is missing or broken (%s: %s). Reinstall Signet."),
                      path, reason);
}

static gconstpointer
open_module (const char *name,
             guint       abi,
             GError    **error)
{
  g_autofree char *file = g_strconcat (name, ".", G_MODULE_SUFFIX, NULL);
  g_autofree char *path = g_build_filename (module_dir (), file, NULL);
  SignetModuleGetTable get_table = NULL;
  gconstpointer table;
  GModule *module;

  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_propagate_error (error, missing_error (path, g_module_error ()));
      return NULL;
    }

  if (!g_module_symbol (module, SIGNET_MODULE_TABLE_SYMBOL, (gpointer *) &get_table) ||
      get_table == NULL || (table = get_table (abi)) == NULL)
    {
      g_propagate_error (error, missing_error (path, "not a module of this build"));
      g_module_close (module);
      return NULL;
    }

  g_module_make_resident (module);
  g_debug ("Opened %s", path);
  return table;
}

gconstpointer
signet_module_get (const char *name,
                   guint       abi,
                   GError    **error)
{
  gconstpointer table;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&lock);
  if (tables == NULL)
    tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  table = g_hash_table_lookup (tables, name);
  if (table == NULL)
    {
      table = open_module (name, abi, error);
      if (table != NULL)
        g_hash_table_insert (tables, g_strdup (name), (gpointer) table);
    }
  g_mutex_unlock (&lock);

  return table;
}

gboolean
signet_module_is_loaded (const char *name)
{
  gboolean loaded;

  g_return_val_if_fail (name != NULL, FALSE);

  g_mutex_lock (&lock);
  loaded = tables != NULL && g_hash_table_contains (tables, name);
  g_mutex_unlock (&lock);

  return loaded;
}
