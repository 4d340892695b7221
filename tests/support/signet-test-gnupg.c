/* signet-test-gnupg.c: the GnuPG homes the tests make keys in.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-personal-key.h"
#include "signet-test-files.h"
#include "signet-test-gnupg.h"

struct _SignetTestGnupgScratch
{
  char      *dir;
  /* The GnuPG homes whose agents to stop. */
  GPtrArray *homes;
};

void
signet_test_gnupg_stop_default_agent (void)
{
  g_autofree char *home = signet_personal_key_get_default_home ();

  signet_personal_key_stop_agent (home, NULL);
}

SignetTestGnupgScratch *
signet_test_gnupg_scratch_new (const char *prefix)
{
  SignetTestGnupgScratch *self = g_new0 (SignetTestGnupgScratch, 1);
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;

  self->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  self->homes = g_ptr_array_new_with_free_func (g_free);
  return self;
}

const char *
signet_test_gnupg_scratch_get_dir (SignetTestGnupgScratch *self)
{
  return self->dir;
}

char *
signet_test_gnupg_scratch_new_home (SignetTestGnupgScratch *self,
                                    const char             *name)
{
  char *home = g_build_filename (self->dir, name, NULL);

  g_ptr_array_add (self->homes, g_strdup (home));
  return home;
}

char *
signet_test_gnupg_scratch_new_device (SignetTestGnupgScratch *self,
                                      const char             *name)
{
  char *dir = g_build_filename (self->dir, name, NULL);

  g_mkdir_with_parents (dir, 0700);
  g_ptr_array_add (self->homes, g_build_filename (dir, "data", "signet", "gnupg", NULL));
  return dir;
}

/* Leaves no gpg-agent behind. */
void
signet_test_gnupg_scratch_free (SignetTestGnupgScratch *self)
{
  for (guint i = 0; i < self->homes->len; i++)
    if (g_file_test (g_ptr_array_index (self->homes, i), G_FILE_TEST_IS_DIR))
      signet_personal_key_stop_agent (g_ptr_array_index (self->homes, i), NULL);
  signet_test_rm_rf (self->dir);
  g_ptr_array_unref (self->homes);
  g_free (self->dir);
  g_free (self);
}

guint
signet_test_gnupg_count_secret_keys (const char *device)
{
  g_autofree char *dir = g_build_filename (device, "data", "signet", "gnupg", "private-keys-v1.d", NULL);
  g_autoptr(GDir) keys = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (keys != NULL && g_dir_read_name (keys) != NULL)
    n++;
  return n;
}
