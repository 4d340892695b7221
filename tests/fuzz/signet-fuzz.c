/* signet-fuzz.c: what the libFuzzer harnesses share
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signet-fuzz.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);

/* A warning or a critical on hostile input is a finding: libFuzzer only
 * notices a crash, so those abort.  Debug and info lines are dropped to keep
 * the fuzzer fast.  The message is printed here, not by GLib's default
 * writer: for an error that one stops on a breakpoint trap, which
 * libFuzzer does not catch, so the input that caused it was not saved. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  g_autofree char *line = NULL;

  if (!(log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)))
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);

  return 0;
}

char *
signet_fuzz_dup_string (const uint8_t *data,
                        size_t         size)
{
  return g_strndup ((const char *) data, size);
}

SignetXmlNode *
signet_fuzz_parse_xml (const uint8_t *data,
                       size_t         size)
{
  g_autoptr(GError) error = NULL;
  SignetXmlNode *node = signet_xml_node_parse ((const char *) data, (gssize) size, &error);

  g_assert ((node == NULL) == (error != NULL));
  return node;
}

void
signet_fuzz_check_round_trip (SignetXmlNode *node)
{
  g_autofree char *text = signet_xml_node_to_string (node);
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetXmlNode) again = signet_xml_node_parse (text, -1, &error);
  g_autofree char *again_text = NULL;

  if (again == NULL)
    g_error ("Serialized XML does not parse back: %s\n%s", error->message, text);

  again_text = signet_xml_node_to_string (again);
  if (strcmp (text, again_text) != 0)
    g_error ("XML changes on a round trip:\n%s\n%s", text, again_text);
}
