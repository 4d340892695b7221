/* signet-cli-xmpp-captcha.c: CAPTCHA pictures for people and for scripts.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A CAPTCHA picture is a file only its owner may read (0600 in a 0700
 * folder of the user's runtime directory): another user on the machine
 * must not be able to solve it first.  A script answers it in a second
 * run (--captcha-id), so a picture outlives the run that saved it; it is
 * removed once answered, or by a later run once the server's CAPTCHA has
 * surely expired. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "signet-cli-xmpp-common.h"

/* Longer than any server keeps a CAPTCHA (ejabberd: two minutes). */
#define CAPTCHA_KEEP_SECONDS (15 * 60)

static char *
captcha_dir (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "signet", "captcha", NULL);
}

/* A file name from the server's challenge id: only its safe characters. */
static char *
file_stem (const char *challenge_id)
{
  g_autoptr(GString) stem = g_string_new ("captcha-");

  for (const char *p = challenge_id != NULL ? challenge_id : ""; *p != '\0' && stem->len < 72; p++)
    if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
      g_string_append_c (stem, *p);

  if (challenge_id == NULL || *challenge_id == '\0')
    g_string_append_printf (stem, "%08x", g_random_int ());

  return g_string_free (g_steal_pointer (&stem), FALSE);
}

static const char *
suffix_for (const char *mime_type)
{
  if (g_strcmp0 (mime_type, "image/jpeg") == 0)
    return ".jpg";
  if (g_strcmp0 (mime_type, "image/gif") == 0)
    return ".gif";
  return ".png";
}

void
signet_cli_captcha_expire (void)
{
  g_autofree char *dir_path = captcha_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      GStatBuf info;

      if (g_str_has_prefix (name, "captcha-") && g_stat (path, &info) == 0 &&
          now - info.st_mtime > CAPTCHA_KEEP_SECONDS)
        g_unlink (path);
    }
}

char *
signet_cli_captcha_save (GBytes     *image,
                         const char *mime_type,
                         const char *challenge_id,
                         GError    **error)
{
  g_autofree char *dir = captcha_dir ();
  g_autofree char *stem = file_stem (challenge_id);
  g_autofree char *name = g_strconcat (stem, suffix_for (mime_type), NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: %s is a folder, then the reason. */
                   _("Could not make the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  /* Written to a new 0600 file and renamed over any older one. */
  if (!g_file_set_contents_full (path, g_bytes_get_data (image, NULL), g_bytes_get_size (image),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_steal_pointer (&path);
}

void
signet_cli_captcha_forget (const char *challenge_id)
{
  g_autofree char *dir = captcha_dir ();
  g_autofree char *stem = file_stem (challenge_id);
  static const char * const suffixes[] = { ".png", ".jpg", ".gif" };

  if (challenge_id == NULL || *challenge_id == '\0')
    return;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (stem, suffixes[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
}

/* The hidden XEP-0158 field that names the challenge. */
static const char *
challenge_id (SignetDataForm *form)
{
  return signet_data_form_get_value (form, "challenge");
}

gboolean
signet_cli_captcha_take_answer (const SignetCliOptions *options,
                                SignetDataForm         *form,
                                GError                **error)
{
  SignetDataFormField *challenge = signet_data_form_get_field (form, "challenge");

  if (options->captcha_id == NULL)
    return TRUE;

  if (challenge == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--captcha-id was given, but the server’s form has no CAPTCHA."));
      return FALSE;
    }

  /* The server checks the answer against the challenge it names, even if
   * this stream's form brought a new one. */
  signet_data_form_field_set_value (challenge, options->captcha_id);
  signet_cli_captcha_forget (options->captcha_id);
  return TRUE;
}

int
signet_cli_captcha_report_required (const SignetCliOptions *options,
                                    SignetDataForm         *form,
                                    const char             *image_file,
                                    const char             *image_type)
{
  g_autoptr(GError) error = NULL;
  const char *url = signet_data_form_get_value (form, "captcha-fallback-url");

  if (url == NULL)
    url = signet_data_form_get_value (form, "url");

  error = g_error_new_literal (SIGNET_INBAND_ERROR, SIGNET_INBAND_ERROR_CAPTCHA_REQUIRED,
                               _("The server wants a CAPTCHA answered. Look at the picture, then run the "
                                 "command again with --field ocr=ANSWER --captcha-id ID."));
  if (!options->json)
    {
      g_printerr ("%s\n", error->message);
      g_printerr ("  %s\n  %s\n", image_file, challenge_id (form) != NULL ? challenge_id (form) : "");
      return signet_cli_exit_code_for (error);
    }

  {
    g_autoptr(JsonBuilder) builder = signet_cli_begin_error ("captcha-required", "modify", NULL);

    signet_cli_add_string (builder, "message", error->message);
    json_builder_set_member_name (builder, "captcha");
    json_builder_begin_object (builder);
    signet_cli_add_string (builder, "image_file", image_file);
    signet_cli_add_string (builder, "image_type", image_type);
    signet_cli_add_string (builder, "url", url);
    signet_cli_add_string (builder, "challenge_id", challenge_id (form));
    json_builder_end_object (builder);
    signet_cli_print_answer (builder);
  }

  return signet_cli_exit_code_for (error);
}
