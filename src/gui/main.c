/* main.c: the signet wizard.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SignetApplication) application = NULL;
  const char *localedir = g_getenv ("SIGNET_LOCALEDIR");

  /* The build tree's translations, so that an uninstalled build (and its
   * UI tests) can run in another language. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Signet"));

  application = signet_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
